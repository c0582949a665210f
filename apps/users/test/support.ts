import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import { insertUser } from '@greencommerce/db';
import { createMysqlTestDb } from '@greencommerce/db/testing';
import { TEST_S3_ENDPOINT } from '@greencommerce/events/testing';
import { createLogger, createTokenVerifier } from '@greencommerce/http';
import { checkDocumentedStatuses } from '@greencommerce/http/testing';
import { s3Storage } from '@greencommerce/media';
import { sign } from 'hono/jwt';
import { createApp as createRealApp } from '../src/app';
import type { UsersConfig, UsersDeps } from '../src/deps';

export const S3_ENDPOINT = TEST_S3_ENDPOINT;
const ISS = 'test-issuer';
const AUD = 'test-audience';

const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
const privateJwk = {
  ...(await crypto.subtle.exportKey('jwk', pair.privateKey)),
  kid: 'test-key',
  alg: 'ES256',
};
const { d: _d, key_ops: _ops, ...publicJwk } = privateJwk;

/** The public key of tokenFor(), as a service's JWT_PUBLIC_KEYS would hold it. */
export const TEST_JWT_ENV = { JWT_PUBLIC_KEYS: JSON.stringify([publicJwk]), JWT_ISSUER: ISS, JWT_AUDIENCE: AUD };

/** Verifies tokens from tokenFor(), as the users service verifies the auth service's. */
export const testVerifier = () => createTokenVerifier({ keys: [publicJwk], issuer: ISS, audience: AUD });

/** An access token as the auth service would issue it. */
export async function tokenFor(userId: number, email = `u${userId}@example.com`, claims: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return sign(
    { sub: String(userId), email, iss: ISS, aud: AUD, iat: now, exp: now + 600, ...claims },
    privateJwk,
    'ES256',
  );
}

export function testStorage(bucket: string, endpoint = S3_ENDPOINT) {
  return s3Storage({
    bucket,
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    presignSeconds: 300,
    timeoutMs: 1000,
  });
}

/** A fresh bucket on the test run's S3 server, emptied and removed by `drop()`. */
export async function testBucket(name: string) {
  const bucket = `gc-${name.replace(/_/g, '-')}-${process.pid}-${Date.now() % 1e6}`;
  const storage = testStorage(bucket);
  await storage.client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    name: bucket,
    client: storage.client,
    drop: async () => {
      for (const key of await storage.list('')) await storage.delete(key);
      await storage.client.send(new DeleteBucketCommand({ Bucket: bucket }));
    },
  };
}

/** The real users app on its own MariaDB database and its own bucket on the real S3 server. */
export async function createTestUsers(name: string, config: Partial<UsersConfig> = {}) {
  const t = await createMysqlTestDb(name);
  const bucket = `gc-${name.replace(/_/g, '-')}-${process.pid}-${Date.now() % 1e6}`;
  const storage = testStorage(bucket);
  await storage.client.send(new CreateBucketCommand({ Bucket: bucket }));
  const uploadTmpDir = mkdtempSync(path.join(tmpdir(), `gc-${name}-`));
  const deps: UsersDeps = {
    db: t.db,
    logger: createLogger('users', { level: 'silent' }),
    verifyToken: testVerifier(),
    storage,
    config: {
      corsOrigins: ['http://localhost:3000'],
      maxUploadBytes: 5 * 1024 * 1024,
      maxPixels: 40_000_000,
      uploadTmpDir,
      uploadConcurrency: 8,
      uploadQueueLimit: 64,
      ...config,
    },
  };
  return {
    app: createApp(deps),
    deps,
    db: t.db,
    dbUrl: t.url,
    storage,
    bucket,
    /** What uploads left in their temporary folder: always empty once they settle. */
    leftovers: () => readdirSync(uploadTmpDir),
    drop: async () => {
      await t.drop();
      rmSync(uploadTmpDir, { recursive: true, force: true });
    },
  };
}
export type TestUsers = Awaited<ReturnType<typeof createTestUsers>>;

let seq = 0;
/** A user row plus a token for it. */
export async function newUser(db: UsersDeps['db']) {
  const email = `user.${process.pid}.${Date.now()}.${seq++}@example.com`;
  const id = await insertUser(db, {
    name: 'Ana',
    last_name: 'Pérez',
    day_birth: 15,
    month_birth: 2,
    year_birth: 1990,
    gender: 'Mujer',
    phone_number: '0991234567',
    email,
    password: 'not-used-here',
  });
  return { id, email, token: await tokenFor(id, email) };
}

export function uploadRequest(token: string | null, fields: Record<string, Blob | string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request('http://users.test/upload', {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
}

export const imageFile = (bytes: Uint8Array<ArrayBuffer>, name = 'photo.png', type = 'image/png') =>
  new File([bytes], name, { type });

/** The real app; in tests, any status a documented route answers must be in its OpenAPI document. */
export const createApp = (deps: UsersDeps) =>
  checkDocumentedStatuses(
    createRealApp(deps),
    createRealApp({ ...deps, logger: createLogger('users', { level: 'silent' }) }),
  );

export { expectError } from '@greencommerce/http/testing';
export * as images from '@greencommerce/media/testing';
