import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { findUserById } from '@greencommerce/db';
import { infra } from '@greencommerce/testing';
import { png } from '@greencommerce/testing/images';
import { createTestUsers, expectError, imageFile, newUser, type TestUsers, uploadRequest } from './support';

// Integration: stops and restarts the real S3 server. The Kafka outage is in tests/system.
let u: TestUsers;
beforeAll(async () => {
  u = await createTestUsers('users_outages');
});
afterAll(async () => {
  await u.drop();
});

const outboxCount = async () =>
  (await u.db.selectFrom('outbox').select(u.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;

describe('S3 outage', () => {
  test('uploads and deletes answer 503 naming object storage, nothing is written, and service resumes after restart', async () => {
    const user = await newUser(u.db);
    const before = await outboxCount();
    await infra('down', 's3');
    try {
      const res = await u.app.request(uploadRequest(user.token, { image: imageFile(png()) }));
      const err = await expectError(res, 503, 'SERVICE_UNAVAILABLE');
      expect(err.message).toBe('object storage unavailable');
      expect((await findUserById(u.db, user.id))?.profile_photo_key).toBeNull();
      expect(await outboxCount()).toBe(before);

      await expectError(
        await u.app.request('/user', {
          method: 'DELETE',
          headers: { authorization: `Bearer ${user.token}` },
        }),
        503,
      );
      expect(await findUserById(u.db, user.id)).toBeDefined();

      const ready = await expectError(await u.app.request('/readyz'), 503, 'SERVICE_UNAVAILABLE');
      expect(ready.message).toBe('storage unavailable');
    } finally {
      await infra('up', 's3');
    }
    // The server may come back without the test's bucket; the service itself is not restarted.
    await u.storage.client.send(new CreateBucketCommand({ Bucket: u.bucket })).catch(() => {});
    const res = await u.app.request(uploadRequest(user.token, { image: imageFile(png()) }));
    expect(res.status).toBe(201);
    expect((await u.app.request('/readyz')).status).toBe(200);
  }, 120_000);
});
