import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { consumeFromDatabase, topics } from '@greencommerce/events';
import { createLogger } from '@greencommerce/http';
import { localStorage } from '@greencommerce/media';
import { createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { png } from '@greencommerce/testing/images';
import { createApp, expectError, imageFile, newUser, testVerifier, uploadRequest } from './support';

// The zero-setup mode: embedded SQLite, images in a folder served at /media, events in the database.
let t: TestDb;
let dir: string;
beforeAll(async () => {
  t = await createSqliteTestDb();
  dir = mkdtempSync(path.join(tmpdir(), 'gc-media-'));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('embedded mode: upload, serve the image back, and deliver ImageUploaded through the database', async () => {
  const storage = localStorage(dir, 'http://users.test');
  const app = createApp({
    db: t.db,
    logger: createLogger('users', { level: 'silent' }),
    verifyToken: testVerifier(),
    storage,
    mediaDir: dir,
    config: {
      corsOrigins: [],
      maxUploadBytes: 1024 * 1024,
      maxPixels: 1_000_000,
      uploadTmpDir: path.join(dir, '.uploads'),
      uploadConcurrency: 2,
      uploadQueueLimit: 4,
    },
  });
  const user = await newUser(t.db);
  const received: string[] = [];
  const sub = consumeFromDatabase({
    db: t.db,
    group: 'embedded-test',
    topics: [topics.ImageUploaded],
    pollMs: 20,
    handler: async (_trx, e) => {
      if (e.event === 'ImageUploaded') received.push(e.data.key);
    },
  });
  const bytes = png(2, 3);
  const res = await app.request(uploadRequest(user.token, { image: imageFile(bytes) }));
  expect(res.status).toBe(201);
  const { imageUrl, key } = await res.json();
  expect(imageUrl).toBe(`http://users.test/media/${key}`);
  const served = await app.request(new URL(imageUrl).pathname);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('image/png');
  expect(new Uint8Array(await served.arrayBuffer())).toEqual(await Bun.file(path.join(dir, key)).bytes());
  expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  for (const bad of ['/media/..%2f..%2fetc%2fpasswd', '/media/100%', '/media/%E0%A4%A', '/media/a%00b']) {
    await expectError(await app.request(bad), 404, 'NOT_FOUND');
  }

  const deadline = Date.now() + 5000;
  while (received.length === 0 && Date.now() < deadline) await Bun.sleep(20);
  await sub.stop();
  expect(received).toEqual([key]);
});
