import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createDb } from '@greencommerce/db';
import { infra, testS3Client } from '@greencommerce/testing';
import { createApp, createTestCatalog, expectError, insertProduct, type TestCatalog } from './support';

// Integration: stops and restarts the real S3 server of this test run.
let t: TestCatalog;
beforeAll(async () => {
  t = await createTestCatalog('mysql', 'catalog_outages');
  await insertProduct(t.db, { slug: 'still-here' });
});
afterAll(async () => {
  await t.drop();
});

describe('outages', () => {
  test('object storage down: reads keep answering, /readyz names storage', async () => {
    await infra('down', 's3');
    try {
      expect((await t.app.request('/products')).status).toBe(200);
      expect((await t.app.request('/products/still-here')).status).toBe(200);
      expect((await t.app.request('/categories')).status).toBe(200);
      const ready = await expectError(await t.app.request('/readyz'), 503, 'SERVICE_UNAVAILABLE');
      expect(ready.message).toBe('storage unavailable');
    } finally {
      await infra('up', 's3');
    }
    // The server may come back without the test's bucket; the service itself is not restarted.
    await testS3Client()
      .send(new CreateBucketCommand({ Bucket: t.bucket! }))
      .catch(() => {});
    expect((await t.app.request('/readyz')).status).toBe(200);
  }, 120_000);

  test('database down: every read is 503 naming the database, never a 500, and /readyz says so', async () => {
    const dead = createDb({ url: 'mysql://root@127.0.0.1:1/gone', poolSize: 1, connectTimeoutMs: 500 });
    const down = createApp({ ...t.deps, db: dead });
    for (const path of [
      '/products',
      '/products?q=cafe&withTotal=true',
      '/products/featured',
      '/products/x',
      '/categories',
    ]) {
      const err = await expectError(await down.request(path), 503, 'SERVICE_UNAVAILABLE');
      expect({ path, message: err.message }).toEqual({ path, message: 'database unavailable' });
    }
    const ready = await expectError(await down.request('/readyz'), 503, 'SERVICE_UNAVAILABLE');
    expect(ready.details?.map((d) => d.path)).toContain('database');
    await dead.destroy();
  });
});
