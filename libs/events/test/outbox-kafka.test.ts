import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { insertUser, pendingOutboxRows } from '@greencommerce/db';
import { createMysqlTestDb, infra, readTopic, TEST_KAFKA_BROKERS, type TestDb } from '@greencommerce/testing';
import { createKafka, enqueueEvent, kafkaPublisher, OutboxRelay, topics } from '../src/index';

// Integration: the real MariaDB and the real Kafka broker started by infra/up.sh.
const kafka = createKafka(TEST_KAFKA_BROKERS, 'events-test');
let t: TestDb;
let userId: number;

beforeAll(async () => {
  t = await createMysqlTestDb('events');
  userId = await insertUser(t.db, {
    name: 'A',
    last_name: 'B',
    day_birth: 1,
    month_birth: 1,
    year_birth: 1990,
    gender: 'Otro',
    phone_number: '0999999999',
    email: 'events@example.com',
    password: 'x',
  });
});
afterAll(async () => {
  await t.drop();
});

// The topic outlives test databases, whose user ids repeat: a run marker tells this run's events apart.
const run = crypto.randomUUID();
const upload = (n: number) => ({
  userId,
  imageUrl: `http://img/${run}/${n}`,
  key: `users/${userId}/${n}.png`,
  contentType: 'image/png',
  size: n,
});

describe('outbox to Kafka', () => {
  test('an event from a committed transaction reaches the topic; a rolled-back one never does', async () => {
    const rolledBack = await t.db
      .transaction()
      .execute(async (trx) => {
        await enqueueEvent(trx, 'ImageUploaded', upload(1));
        throw new Error('abort');
      })
      .catch((e) => e);
    expect(rolledBack).toBeInstanceOf(Error);
    expect(await pendingOutboxRows(t.db, 10)).toHaveLength(0);

    const committed = await t.db.transaction().execute((trx) => enqueueEvent(trx, 'ImageUploaded', upload(2)));
    const publisher = kafkaPublisher(kafka);
    const relay = new OutboxRelay({ db: t.db, publisher });
    expect(await relay.drainOnce()).toBe(1);
    expect(await pendingOutboxRows(t.db, 10)).toHaveLength(0);
    await publisher.close();

    // Same key, same partition: had the rolled-back event been sent, it would sit before this one.
    const seen = await readTopic(kafka, topics.ImageUploaded, (evs) => evs.some((e) => e.id === committed.id));
    const mine = seen.filter((e) => e.event === 'ImageUploaded' && e.data.imageUrl.includes(run));
    expect(mine.map((e) => e.id)).toEqual([committed.id]);
  }, 60_000);

  test('events written while the broker is down are delivered after it restarts, none lost, in order', async () => {
    const publisher = kafkaPublisher(kafka);
    const errors: unknown[] = [];
    const relay = new OutboxRelay({
      db: t.db,
      publisher,
      pollMs: 100,
      maxBackoffMs: 1000,
      onError: (e) => errors.push(e),
    });
    await infra('down', 'kafka');
    const written = [];
    try {
      relay.start();
      for (let n = 100; n < 120; n++) {
        written.push(await t.db.transaction().execute((trx) => enqueueEvent(trx, 'ImageUploaded', upload(n))));
      }
      const failedBy = Date.now() + 20_000;
      while (errors.length === 0 && Date.now() < failedBy) await Bun.sleep(100);
      expect(errors.length).toBeGreaterThan(0);
      expect(await pendingOutboxRows(t.db, 100)).toHaveLength(20);
    } finally {
      await infra('up', 'kafka');
    }
    const deadline = Date.now() + 60_000;
    while ((await pendingOutboxRows(t.db, 100)).length > 0 && Date.now() < deadline) await Bun.sleep(250);
    await relay.stop();
    await publisher.close();
    expect(await pendingOutboxRows(t.db, 100)).toHaveLength(0);

    const ids = new Set(written.map((e) => e.id));
    const seen = await readTopic(
      kafka,
      topics.ImageUploaded,
      (evs) => new Set(evs.filter((e) => ids.has(e.id)).map((e) => e.id)).size === ids.size,
    );
    const delivered = seen.filter((e) => ids.has(e.id));
    expect(new Set(delivered.map((e) => e.id)).size).toBe(20);
    // First delivery of each event follows write order (same key, one partition).
    const firstSeen = [...new Map(delivered.map((e) => [e.id, e])).keys()];
    expect(firstSeen).toEqual(written.map((e) => e.id));
  }, 150_000);
});
