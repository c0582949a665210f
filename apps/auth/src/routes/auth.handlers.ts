import { clientIp, openApiRouter } from '@greencommerce/http';
import type { AuthDeps } from '../deps';
import { changePassword } from '../services/change-password';
import { login } from '../services/login';
import { preferredLocale } from '../services/preferred-locale';
import { logout, refresh } from '../services/refresh';
import { register } from '../services/register';
import { changePasswordRoute, jwksRoute, loginRoute, logoutRoute, refreshRoute, registerRoute } from './auth.routes';

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
    .openapi(jwksRoute, (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(deps.jwks, 200);
    });
}
