import { afterAll, beforeAll, expect, test } from 'bun:test';
import { insertOutboxRow, type OutboxRow, pendingOutboxRows } from '@greencommerce/db';
import { createMysqlTestDb, TEST_KAFKA_BROKERS, type TestDb } from '@greencommerce/testing';
import { createKafka, kafkaPublisher, OutboxRelay, outboxHealth } from '../src/index';

// Integration: the real MariaDB and the real broker, which runs with topic auto-creation off.
const kafka = createKafka(TEST_KAFKA_BROKERS, 'poison-test');
const run = crypto.randomUUID().slice(0, 8);
const unknownTopic = `test.missing.${run}`;
const smallTopic = `test.small.${run}`;
let t: TestDb;
beforeAll(async () => {
  t = await createMysqlTestDb('poison_outbox');
  const admin = kafka.admin();
  await admin.connect();
  // An operator capped this topic's message size: a bigger event can never be published to it.
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: smallTopic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '1024' }] }],
  });
  await admin.disconnect();
});
afterAll(async () => {
  await t.drop();
});

const rowsById = async () =>
  new Map((await t.db.selectFrom('outbox').selectAll().execute()).map((r) => [r.event_id, r] as const));

test('rows the broker refuses are parked after OUTBOX_MAX_ATTEMPTS; only later rows of their key wait', async () => {
  const add = (event_id: string, topic: string, event_key: string, payload = '{}') =>
    insertOutboxRow(t.db, { event_id, topic, event_key, payload });
  await add('unknown-topic', unknownTopic, 'k1');
  await add('too-large', smallTopic, 'k2', 'x'.repeat(4000));
  await add('behind-unknown', unknownTopic, 'k1');
  await add('fine', smallTopic, 'k3');
  const parked: string[] = [];
  const publisher = kafkaPublisher(kafka);
  const relay = new OutboxRelay({
    db: t.db,
    publisher,
    maxAttempts: 3,
    onPark: (row) => parked.push(row.event_id),
  });
  const deadline = Date.now() + 90_000;
  while (!(await rowsById()).get('fine')?.sent_at && Date.now() < deadline) {
    await relay.drainOnce().catch(() => {});
  }
  await relay.stop();
  await publisher.close();

  const rows = await rowsById();
  expect(rows.get('fine')?.sent_at).not.toBeNull();
  expect(parked).toEqual(['unknown-topic', 'too-large']);
  expect(rows.get('unknown-topic')).toMatchObject({ attempts: 3, sent_at: null });
  expect(rows.get('unknown-topic')?.parked_at).not.toBeNull();
  expect(rows.get('unknown-topic')?.last_error).toContain('does not host this topic-partition');
  expect(rows.get('too-large')?.parked_at).not.toBeNull();
  expect(rows.get('too-large')?.last_error).toContain('larger than the max message size');
  // Same topic and key as a parked row: it waits (order per key holds), neither sent nor parked.
  expect(rows.get('behind-unknown')).toMatchObject({ sent_at: null, parked_at: null });
  expect(await pendingOutboxRows(t.db, 10)).toEqual([]);
  expect(await outboxHealth(t.db)()).toMatch(/^2 parked; oldest #\d+ \(test\.missing\./);
}, 120_000);

test('an outage is nobody’s fault: failures that are not refusals never park a row', async () => {
  await t.db.deleteFrom('outbox').execute();
  await insertOutboxRow(t.db, { event_id: 'during-outage', topic: 't', event_key: 'k', payload: '{}' });
  let failures = 5;
  const sent: string[] = [];
  const flaky = {
    async publish(rows: OutboxRow[]) {
      if (failures-- > 0) throw new Error('Connection error: connect ECONNREFUSED');
      sent.push(...rows.map((r) => r.event_id));
    },
    isRejection: () => false,
  };
  const relay = new OutboxRelay({ db: t.db, publisher: flaky, holder: 'flaky', maxAttempts: 2 });
  for (let i = 0; i < 5; i++) await expect(relay.drainOnce()).rejects.toThrow('ECONNREFUSED');
  expect(await relay.drainOnce()).toBe(1);
  await relay.stop();
  expect(sent).toEqual(['during-outage']);
  expect(await outboxHealth(t.db)()).toBe('ok');
});
