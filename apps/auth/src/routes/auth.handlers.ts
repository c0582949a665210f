import { clientIp, openApiRouter } from '@greencommerce/http';
import type { AuthDeps } from '../deps';
import { changePassword } from '../services/change-password';
import { confirmPasswordReset } from '../services/confirm-password-reset';
import { login } from '../services/login';
import { preferredLocale } from '../services/preferred-locale';
import { logout, refresh } from '../services/refresh';
import { register } from '../services/register';
import { requestPasswordReset } from '../services/request-password-reset';
import { resendVerification } from '../services/resend-verification';
import { verifyEmail } from '../services/verify-email';
import {
  changePasswordRoute,
  jwksRoute,
  loginRoute,
  logoutRoute,
  passwordResetConfirmRoute,
  passwordResetRoute,
  refreshRoute,
  registerRoute,
  resendVerificationRoute,
  verifyEmailRoute,
} from './auth.routes';

/** One body for every accepted reset request, whether or not the address has an account. */
const RESET_ACCEPTED = {
  message: 'If an account exists for this address, a link to reset its password is on its way',
} as const;

/** Wires each documented route to its service; the chain keeps every route's types for `hc`. */
export function authRoutes(deps: AuthDeps) {
  return openApiRouter()
    .openapi(registerRoute, async (c) =>
      c.json(
        await register(
          deps,
          c.req.valid('json'),
          clientIp(c, deps.config.trustedProxyHops),
          preferredLocale(c.req.header('accept-language')),
        ),
        201,
      ),
    )
    .openapi(loginRoute, async (c) =>
      c.json(await login(deps, c.req.valid('json'), clientIp(c, deps.config.trustedProxyHops)), 200),
    )
    .openapi(refreshRoute, async (c) => c.json(await refresh(deps, c.req.valid('json').refreshToken), 200))
    .openapi(logoutRoute, async (c) => {
      await logout(deps, c.req.valid('json').refreshToken);
      return c.json({ message: 'Logged out' }, 200);
    })
    .openapi(changePasswordRoute(deps.verifyToken), async (c) => {
      await changePassword(deps, c.get('principal'), c.req.valid('json'));
      return c.json({ message: 'Password changed; sign in again on other devices' }, 200);
    })
    .openapi(verifyEmailRoute, async (c) => {
      await verifyEmail(deps, c.req.valid('json').token);
      return c.json({ message: 'Email verified' }, 200);
    })
    .openapi(resendVerificationRoute(deps.verifyToken), async (c) => {
      await resendVerification(deps, c.get('principal'));
      return c.json({ message: 'A new verification link is on its way' }, 202);
    })
    .openapi(passwordResetRoute, async (c) => {
      await requestPasswordReset(deps, c.req.valid('json').email, clientIp(c, deps.config.trustedProxyHops));
      return c.json(RESET_ACCEPTED, 202);
    })
    .openapi(passwordResetConfirmRoute, async (c) => {
      await confirmPasswordReset(deps, c.req.valid('json'));
      return c.json({ message: 'Password changed; sign in again' }, 200);
    })
    .openapi(jwksRoute, (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(deps.jwks, 200);
    });
}
