import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { findUserById, pendingOutboxRows } from '@greencommerce/db';
import { consumeFromKafka, createKafka, kafkaPublisher, OutboxRelay, topics } from '@greencommerce/events';
import { infra, TEST_KAFKA_BROKERS } from '@greencommerce/events/testing';
import { png } from './images';
import { createTestUsers, expectError, imageFile, newUser, type TestUsers, uploadRequest } from './support';

// Integration: these tests stop and restart the real S3 server and the real Kafka broker.
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

describe('Kafka outage', () => {
  test('uploads succeed while the broker is down; after restart each has exactly one ImageUploaded after dedup', async () => {
    const kafka = createKafka(TEST_KAFKA_BROKERS, 'users-outage-test');
    const publisher = kafkaPublisher(kafka);
    const relay = new OutboxRelay({ db: u.db, publisher, pollMs: 100, maxBackoffMs: 1000 });
    relay.start();
    const user = await newUser(u.db);
    const keys: string[] = [];
    await infra('down', 'kafka');
    try {
      for (let i = 0; i < 25; i++) {
        const res = await u.app.request(uploadRequest(user.token, { image: imageFile(png(i + 1, 1)) }));
        expect(res.status).toBe(201);
        keys.push((await res.json()).key);
      }
    } finally {
      await infra('up', 'kafka');
    }
    const deadline = Date.now() + 60_000;
    while ((await pendingOutboxRows(u.db, 1000)).length > 0 && Date.now() < deadline) await Bun.sleep(200);
    await relay.stop();
    await publisher.close();
    expect(await pendingOutboxRows(u.db, 1000)).toHaveLength(0);

    // A deduplicating consumer: its effects table is processed_events itself, counted per key.
    const handled: string[] = [];
    const expected = new Set(keys);
    const group = `dedup-${crypto.randomUUID()}`;
    const sub = await consumeFromKafka({
      kafka,
      db: u.db,
      group,
      topics: [topics.ImageUploaded],
      handler: async (_trx, e) => {
        // The topic outlives test databases (whose user ids repeat): keys are unique, ids are not.
        if (e.event === 'ImageUploaded' && expected.has(e.data.key)) handled.push(e.data.key);
      },
    });
    const until = Date.now() + 30_000;
    while (handled.length < keys.length && Date.now() < until) await Bun.sleep(200);
    await sub.stop();
    expect(handled.sort()).toEqual([...keys].sort());
  }, 180_000);
});
