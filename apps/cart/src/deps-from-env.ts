import { databaseOptions, openDatabase } from '@greencommerce/db';
import { loggerFromEnv, tokenVerifierFromEnv } from '@greencommerce/http';
import type { CartDeps } from './deps';
import type { CartEnv } from './env';

/** Builds the real dependencies from configuration; the embedded database is migrated on start. */
export async function depsFromEnv(env: CartEnv): Promise<CartDeps> {
  const db = await openDatabase(databaseOptions(env));
  return {
    db,
    logger: loggerFromEnv('cart', env),
    verifyToken: tokenVerifierFromEnv(env),
    config: {
      corsOrigins: env.CORS_ORIGINS,
      guestCartTtlDays: env.GUEST_CART_TTL_DAYS,
      trustedProxyHops: env.TRUST_PROXY ? env.TRUST_PROXY_HOPS : 0,
      guestCartIpLimit: env.GUEST_CART_IP_LIMIT,
      guestCartIpWindowMs: env.GUEST_CART_IP_WINDOW_SECONDS * 1000,
    },
  };
}
