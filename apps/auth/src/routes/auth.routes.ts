import { ChangePasswordRequest, LoginRequest, RefreshRequest, RegisterRequest } from '@greencommerce/contracts';
import { type BaseEnv, clientIp, jsonBody, limitBody, requireAuth, requireJson } from '@greencommerce/http';
import { Hono } from 'hono';
import type { AuthDeps } from '../deps';
import { changePassword } from '../services/change-password';
import { login } from '../services/login';
import { logout, refresh } from '../services/refresh';
import { register } from '../services/register';

/** Auth bodies are small; anything larger is refused before it is read. */
export const AUTH_BODY_LIMIT = 16 * 1024;

export function authRoutes(deps: AuthDeps) {
  const json = [limitBody(AUTH_BODY_LIMIT), requireJson()] as const;
  return new Hono<BaseEnv>()
    .post('/auth/register', ...json, jsonBody(RegisterRequest), async (c) =>
      c.json(await register(deps, c.req.valid('json'), clientIp(c, deps.config.trustProxy)), 201),
    )
    .post('/auth/login', ...json, jsonBody(LoginRequest), async (c) =>
      c.json(await login(deps, c.req.valid('json'), clientIp(c, deps.config.trustProxy))),
    )
    .post('/auth/refresh', ...json, jsonBody(RefreshRequest), async (c) =>
      c.json(await refresh(deps, c.req.valid('json').refreshToken)),
    )
    .post('/auth/logout', ...json, jsonBody(RefreshRequest), async (c) => {
      await logout(deps, c.req.valid('json').refreshToken);
      return c.json({ message: 'Logged out' });
    })
    .post('/auth/password', requireAuth(deps.verifyToken), ...json, jsonBody(ChangePasswordRequest), async (c) => {
      await changePassword(deps, c.get('principal'), c.req.valid('json'));
      return c.json({ message: 'Password changed; sign in again on other devices' });
    })
    .get('/.well-known/jwks.json', (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(deps.jwks);
    });
}
