import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { Db, NewProduct } from '@greencommerce/db';
import { createLogger } from '@greencommerce/http';
import { localStorage, type ObjectStorage } from '@greencommerce/media';
import { s3Storage } from '@greencommerce/media/s3';
import {
  bucketName,
  checkDocumentedStatuses,
  createMysqlTestDb,
  createSqliteTestDb,
  TEST_S3_ENDPOINT,
  testVerifier,
} from '@greencommerce/testing';
import { createApp as createRealApp } from '../src/app';
import type { CatalogConfig, CatalogDeps } from '../src/deps';

export type DbKindUnderTest = 'mysql' | 'sqlite';
/** Every suite that touches the database runs on both. */
export const DB_KINDS: DbKindUnderTest[] = ['mysql', 'sqlite'];

export const PUBLIC_URL = 'http://catalog.test';

export function testStorage(bucket: string, endpoint = TEST_S3_ENDPOINT) {
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

/**
 * The real catalog app on a fresh database: MariaDB with a bucket on the real S3 server, or the
 * embedded SQLite with images in a temporary media folder, as each mode runs in production.
 */
export async function createTestCatalog(kind: DbKindUnderTest, name: string, config: Partial<CatalogConfig> = {}) {
  const t = kind === 'mysql' ? await createMysqlTestDb(name) : await createSqliteTestDb();
  const dir = mkdtempSync(path.join(tmpdir(), `gc-${name}-`));
  const assetsDir = path.join(dir, 'assets');
  mkdirSync(path.join(assetsDir, 'categories'), { recursive: true });
  let storage: ObjectStorage;
  let mediaDir: string | undefined;
  let bucket: string | undefined;
  if (kind === 'mysql') {
    bucket = bucketName(name);
    const s3 = testStorage(bucket);
    await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
    storage = s3;
  } else {
    mediaDir = path.join(dir, 'media');
    storage = localStorage(mediaDir, PUBLIC_URL);
  }
  const deps: CatalogDeps = {
    db: t.db,
    logger: createLogger('catalog', { level: 'silent' }),
    verifyToken: testVerifier(),
    storage,
    ...(mediaDir && { mediaDir }),
    config: {
      corsOrigins: ['http://localhost:3000'],
      publicUrl: PUBLIC_URL,
      assetsDir,
      // Off by default in tests: a test that writes straight to the table expects the next read to see it.
      revalidateCacheMs: 0,
      maxUploadBytes: 5 * 1024 * 1024,
      maxPixels: 40_000_000,
      uploadTmpDir: path.join(dir, 'uploads'),
      uploadConcurrency: 8,
      uploadQueueLimit: 64,
      ...config,
    },
  };
  return {
    kind,
    app: createApp(deps),
    deps,
    db: t.db,
    dbUrl: t.url,
    bucket,
    assetsDir,
    drop: async () => {
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type TestCatalog = Awaited<ReturnType<typeof createTestCatalog>>;

/** The real app; in tests, any status a documented route answers must be in its OpenAPI document. */
export const createApp = (deps: CatalogDeps) =>
  checkDocumentedStatuses(
    createRealApp(deps),
    createRealApp({ ...deps, logger: createLogger('catalog', { level: 'silent' }) }),
  );

let seq = 0;

/**
 * Inserts a product straight into the table (the write routes are tested on their own), with
 * plausible values for what the test does not care about. Returns its id.
 */
export async function insertProduct(db: Db, fields: Partial<NewProduct> = {}): Promise<number> {
  const n = ++seq;
  const { insertId } = await db
    .insertInto('products')
    .values({
      slug: `product-${process.pid}-${n}`,
      name: `Product ${n}`,
      description: 'A product for tests',
      price_minor: 1000,
      currency: 'EUR',
      category_slug: 'hogar-y-estilo-de-vida',
      brand: 'Acme',
      rating_tenths: 40,
      stock: 5,
      featured: 0,
      image_url: null,
      images: '[]',
      ...fields,
    })
    .executeTakeFirstOrThrow();
  return Number(insertId);
}

export { expectError } from '@greencommerce/testing';
