import type { Role } from '@greencommerce/contracts';
import type { MiddlewareHandler } from 'hono';
import { AppError } from './app-error';
import type { BaseEnv, Principal } from './context';

/**
 * 403 FORBIDDEN unless the verified token carries `role`. Runs after requireAuth, which sets the
 * principal: `middleware: [auth, requireRole('admin')]`. Without a principal (requireAuth left out
 * of the chain) it answers 401 rather than let the request through.
 * A role granted or revoked in the database shows from the account's next login or refresh.
 */
export const requireRole =
  (role: Role): MiddlewareHandler<BaseEnv> =>
  async (c, next) => {
    const principal = c.get('principal') as Principal | undefined;
    if (!principal) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
    if (!principal.roles.includes(role)) throw new AppError('FORBIDDEN', `Requires the ${role} role`);
    await next();
  };
