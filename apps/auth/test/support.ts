import { spyOn } from 'bun:test';
import type { DbOptions } from '@greencommerce/db';
import { createLogger, createTokenVerifier } from '@greencommerce/http';
import {
  checkDocumentedStatuses,
  createMysqlTestDb,
  createSqliteTestDb,
  LIMIT_WINDOW_MS,
  postJson,
  registration,
  type TestDb,
  uniqueEmail,
} from '@greencommerce/testing';
import { createApp as createRealApp } from '../src/app';
import type { AuthConfig, AuthDeps } from '../src/deps';
import { createPasswordHasher } from '../src/passwords/password-hasher';
import { generateSigningKey, publicJwks } from '../src/tokens/signing-keys';
import { createTokenIssuer } from '../src/tokens/token-issuer';

export const ISSUER = 'test-issuer';
export const AUDIENCE = 'test-audience';

export const HOUR = 3_600_000;
export { LIMIT_WINDOW_MS };

export const defaultConfig: AuthConfig = {
  corsOrigins: ['http://localhost:3000'],
  trustedProxyHops: 1,
  refreshTtlSeconds: 3600,
  limits: {
    ipLimit: 1000,
    ipWindowMs: LIMIT_WINDOW_MS,
    accountFailureLimit: 5,
    accountWindowMs: LIMIT_WINDOW_MS,
    registerIpLimit: 1_000_000,
    registerIpWindowMs: LIMIT_WINDOW_MS,
    verifyResendLimit: 1000,
    verifyResendWindowMs: LIMIT_WINDOW_MS,
    resetEmailLimit: 1000,
    resetEmailWindowMs: LIMIT_WINDOW_MS,
    resetIpLimit: 1000,
    resetIpWindowMs: LIMIT_WINDOW_MS,
  },
};

type ConfigOverrides = Partial<Omit<AuthConfig, 'limits'>> & { limits?: Partial<AuthConfig['limits']> };
type DbChoice = { dialect?: 'mariadb' | 'sqlite' } & Pick<DbOptions, 'log'>;

/** Limits that never refuse: for tests driving one account from many connections at once. */
export const UNLIMITED: NonNullable<ConfigOverrides['limits']> = {
  ipLimit: 1e9,
  ipWindowMs: LIMIT_WINDOW_MS,
  accountFailureLimit: 1e9,
  accountWindowMs: LIMIT_WINDOW_MS,
  resetEmailLimit: 1e9,
  resetIpLimit: 1e9,
  verifyResendLimit: 1e9,
};

/** The real auth app on its own database (MariaDB unless told), with a fresh signing key. */
export async function createTestAuth(name: string, config: ConfigOverrides = {}, { dialect, log }: DbChoice = {}) {
  const t: TestDb = dialect === 'sqlite' ? await createSqliteTestDb({ log }) : await createMysqlTestDb(name, { log });
  const keys = [await generateSigningKey()];
  const jwks = publicJwks(keys);
  const deps: AuthDeps = {
    db: t.db,
    logger: createLogger('auth', { level: 'silent' }),
    // OWASP's minimum parameters: the ones production may not go below.
    hasher: createPasswordHasher({ memoryKib: 19456, timeCost: 2, concurrency: 2, queueLimit: 256 }),
    issuer: await createTokenIssuer({ keys, issuer: ISSUER, audience: AUDIENCE, accessTtlSeconds: 900 }),
    verifyToken: createTokenVerifier({ keys: jwks.keys, issuer: ISSUER, audience: AUDIENCE }),
    jwks,
    config: { ...defaultConfig, ...config, limits: { ...defaultConfig.limits, ...config.limits } },
  };
  return { app: createApp(deps), deps, keys, db: t.db, dbUrl: t.url, drop: t.drop };
}

export type TestAuth = Awaited<ReturnType<typeof createTestAuth>>;

/**
 * An auth app with UNLIMITED limits and one registered account whose password checks pass and whose
 * hashing returns the stored hash: its requests come as fast as the database answers them.
 */
export async function fastAccount(name: string) {
  const auth = await createTestAuth(name, { limits: UNLIMITED });
  const email = uniqueEmail(name);
  const registered = await postJson(auth.app, '/auth/register', registration(email));
  if (registered.status !== 201) throw new Error(`registration answered ${registered.status}`);
  const { password } = await auth.db
    .selectFrom('users')
    .select('password')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  spyOn(auth.deps.hasher, 'verify').mockResolvedValue(true);
  spyOn(auth.deps.hasher, 'hash').mockResolvedValue(password);
  return { auth, email };
}

/** The real app; in tests, any status a documented route answers must be in its OpenAPI document. */
export const createApp = (deps: AuthDeps) =>
  checkDocumentedStatuses(
    createRealApp(deps),
    createRealApp({ ...deps, logger: createLogger('auth', { level: 'silent' }) }),
  );

export {
  expectError,
  postJson,
  registerAndLogin,
  registration,
  uniqueEmail,
} from '@greencommerce/testing';
