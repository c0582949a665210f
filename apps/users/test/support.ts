import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createLogger } from '@greencommerce/http';
import { s3Storage } from '@greencommerce/media/s3';
import {
  bucketName,
  checkDocumentedStatuses,
  createMysqlTestDb,
  TEST_S3_ENDPOINT,
  testVerifier,
} from '@greencommerce/testing';
import { createApp as createRealApp } from '../src/app';
import type { UsersConfig, UsersDeps } from '../src/deps';

export const S3_ENDPOINT = TEST_S3_ENDPOINT;
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

/** The real users app on its own MariaDB database and its own bucket on the real S3 server. */
export async function createTestUsers(name: string, config: Partial<UsersConfig> = {}) {
  const t = await createMysqlTestDb(name);
  const bucket = bucketName(name);
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

export { expectError, images, newUser, TEST_JWT_ENV, testVerifier, tokenFor } from '@greencommerce/testing';
