import { expect } from 'bun:test';
import { createMysqlTestDb, type TestDb } from '@greencommerce/db/testing';
import { createLogger, createTokenVerifier } from '@greencommerce/http';
import { checkDocumentedStatuses } from '@greencommerce/http/testing';
import { createApp as createRealApp } from '../src/app';
import type { AuthConfig, AuthDeps } from '../src/deps';
import { createPasswordHasher } from '../src/passwords/password-hasher';
import { generateSigningKey, publicJwks } from '../src/tokens/signing-keys';
import { createTokenIssuer } from '../src/tokens/token-issuer';

export const ISSUER = 'test-issuer';
export const AUDIENCE = 'test-audience';

export const defaultConfig: AuthConfig = {
  corsOrigins: ['http://localhost:3000'],
  trustProxy: true,
  refreshTtlSeconds: 3600,
  limits: {
    ipLimit: 1000,
    ipWindowMs: 60_000,
    accountFailureLimit: 5,
    accountWindowMs: 60_000,
    registerIpLimit: 1_000_000,
    registerIpWindowMs: 60_000,
  },
};

/** The real auth app on its own MariaDB database, with a fresh signing key. */
type ConfigOverrides = Partial<Omit<AuthConfig, 'limits'>> & { limits?: Partial<AuthConfig['limits']> };

export async function createTestAuth(name: string, config: ConfigOverrides = {}) {
  const t: TestDb = await createMysqlTestDb(name);
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

let seq = 0;
export const uniqueEmail = (tag = 'user') => `${tag}.${process.pid}.${Date.now()}.${seq++}@example.com`;

/** What the original web client sends: day, month and year as strings. */
export const registration = (email: string, overrides: Record<string, unknown> = {}) => ({
  name: 'Ana',
  lastName: 'Pérez',
  dayBirth: '15',
  monthBirth: '2',
  yearBirth: '1990',
  gender: 'Mujer',
  phoneNumber: '0991234567',
  email,
  password: 'correct horse battery',
  ...overrides,
});

export const postJson = (app: TestAuth['app'], path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

export async function registerAndLogin(app: TestAuth['app'], email = uniqueEmail()) {
  const reg = await postJson(app, '/auth/register', registration(email));
  expect(reg.status).toBe(201);
  const login = await postJson(app, '/auth/login', { email, password: 'correct horse battery' });
  expect(login.status).toBe(200);
  return { email, ...(await login.json()) } as {
    email: string;
    token: string;
    refreshToken: string;
    expiresIn: number;
  };
}

/** The real app; in tests, any status a documented route answers must be in its OpenAPI document. */
export const createApp = (deps: AuthDeps) =>
  checkDocumentedStatuses(
    createRealApp(deps),
    createRealApp({ ...deps, logger: createLogger('auth', { level: 'silent' }) }),
  );

export { expectError } from '@greencommerce/http/testing';
