import { databaseOptions, openDatabase } from '@greencommerce/db';
import { createTokenVerifier, loggerFromEnv } from '@greencommerce/http';
import type { AuthDeps } from './deps';
import type { AuthEnv } from './env';
import { createPasswordHasher } from './passwords/password-hasher';
import { loadSigningKeys, publicJwks } from './tokens/signing-keys';
import { createTokenIssuer } from './tokens/token-issuer';

/** Builds the real dependencies from configuration; the embedded database is migrated on start. */
export async function depsFromEnv(env: AuthEnv): Promise<AuthDeps> {
  const db = await openDatabase(databaseOptions(env));
  const keys = await loadSigningKeys(env.JWT_PRIVATE_KEYS, env.JWT_KEY_FILE);
  const jwks = publicJwks(keys);
  return {
    db,
    logger: loggerFromEnv('auth', env),
    hasher: createPasswordHasher({
      memoryKib: env.ARGON2_MEMORY_KIB,
      timeCost: env.ARGON2_TIME_COST,
      concurrency: env.HASH_CONCURRENCY,
      queueLimit: env.HASH_QUEUE_LIMIT,
    }),
    issuer: await createTokenIssuer({
      keys,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    }),
    verifyToken: createTokenVerifier({
      keys: jwks.keys,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      clockToleranceSeconds: env.JWT_CLOCK_TOLERANCE_SECONDS,
    }),
    jwks,
    config: {
      corsOrigins: env.CORS_ORIGINS,
      trustedProxyHops: env.TRUST_PROXY ? env.TRUST_PROXY_HOPS : 0,
      refreshTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      limits: {
        ipLimit: env.LOGIN_IP_LIMIT,
        ipWindowMs: env.LOGIN_IP_WINDOW_SECONDS * 1000,
        accountFailureLimit: env.LOGIN_ACCOUNT_FAILURE_LIMIT,
        accountWindowMs: env.LOGIN_ACCOUNT_WINDOW_SECONDS * 1000,
        registerIpLimit: env.REGISTER_IP_LIMIT,
        registerIpWindowMs: env.REGISTER_IP_WINDOW_SECONDS * 1000,
        verifyResendLimit: env.VERIFY_RESEND_LIMIT,
        verifyResendWindowMs: env.VERIFY_RESEND_WINDOW_SECONDS * 1000,
        resetEmailLimit: env.PASSWORD_RESET_ACCOUNT_LIMIT,
        resetEmailWindowMs: env.PASSWORD_RESET_ACCOUNT_WINDOW_SECONDS * 1000,
        resetIpLimit: env.PASSWORD_RESET_IP_LIMIT,
        resetIpWindowMs: env.PASSWORD_RESET_IP_WINDOW_SECONDS * 1000,
      },
    },
  };
}
