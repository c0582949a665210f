import { afterAll, beforeAll, expect, test } from 'bun:test';
import { insertOutboxRow } from '@greencommerce/db';
import { createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { enqueueEvent, eventConsumer, startConsumers, topics } from '../src/index';

let s: TestDb;
beforeAll(async () => {
  s = await createSqliteTestDb();
});
afterAll(async () => {
  await s.drop();
});

async function until(check: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await Bun.sleep(20);
  return check();
}

test('eventConsumer subscribes to its events’ topics and hands each handler its own event’s data', async () => {
  const seen: string[] = [];
  const spec = eventConsumer('g', {
    UserDeleted: async (_trx, { userId }) => void seen.push(`deleted ${userId}`),
    UserRegistered: async (_trx, { email }) => void seen.push(`registered ${email}`),
  });
  expect(spec.topics.sort()).toEqual([topics.UserDeleted, topics.UserRegistered].sort());
  const envelope = { id: crypto.randomUUID(), version: 1 as const, occurredAt: new Date().toISOString() };
  await s.db.transaction().execute(async (trx) => {
    await spec.handler(trx, { ...envelope, event: 'UserDeleted', data: { userId: 4 } });
    await spec.handler(trx, {
      ...envelope,
      event: 'UserRegistered',
      data: { userId: 5, email: 'a@b.c', name: 'A', locale: 'es' },
    });
    // An event it has no handler for, met on one of its topics, is passed over.
    await spec.handler(trx, { ...envelope, event: 'UserUpdated', data: { userId: 6, changedFields: [] } });
  });
  expect(seen).toEqual(['deleted 4', 'registered a@b.c']);
});

test('embedded mode: every consumer group reads the outbox, and a poison row is logged as a dead letter', async () => {
  const a: number[] = [];
  const b: number[] = [];
  const errors: string[] = [];
  const consumers = startConsumers({
    db: s.db,
    brokers: [],
    clientId: 'test',
    consumers: [
      eventConsumer('group-a', { UserDeleted: async (_trx, { userId }) => void a.push(userId) }),
      eventConsumer('group-b', { UserDeleted: async (_trx, { userId }) => void b.push(userId) }),
    ],
    logger: { error: (_fields, msg) => void errors.push(msg) },
    pollMs: 20,
  });
  try {
    await insertOutboxRow(s.db, { event_id: 'bad', topic: topics.UserDeleted, event_key: '1', payload: '{' });
    await enqueueEvent(s.db, 'UserDeleted', { userId: 8 });
    expect(await until(() => a.length === 1 && b.length === 1)).toBe(true);
  } finally {
    await consumers.stop();
  }
  expect([a, b]).toEqual([[8], [8]]);
  expect(errors).toEqual(['consumer: event set aside (dead letter)', 'consumer: event set aside (dead letter)']);
});

test('a secondary worker process starts nothing', async () => {
  const seen: number[] = [];
  const consumers = startConsumers({
    db: s.db,
    brokers: [],
    clientId: 'test',
    primary: false,
    consumers: [eventConsumer('secondary', { UserDeleted: async (_trx, { userId }) => void seen.push(userId) })],
    logger: { error: () => {} },
    pollMs: 20,
  });
  await enqueueEvent(s.db, 'UserDeleted', { userId: 9 });
  await Bun.sleep(200);
  await consumers.stop();
  expect(seen).toEqual([]);
});

test('Kafka unreachable at start: the failure is logged and retried, and stop() still ends it', async () => {
  const errors: { msg: string; attempt: unknown }[] = [];
  const consumers = startConsumers({
    db: s.db,
    // Nothing listens on port 1.
    brokers: ['127.0.0.1:1'],
    clientId: 'test',
    consumers: [eventConsumer('unreachable', { UserDeleted: async () => {} })],
    logger: { error: (fields, msg) => void errors.push({ msg, attempt: fields.attempt }) },
    reconnectMs: 10,
  });
  expect(await until(() => errors.length >= 2, 30_000)).toBe(true);
  await consumers.stop();
  expect(errors[0]).toEqual({ msg: 'consumer: could not start, will retry', attempt: 0 });
  expect(errors[1]?.attempt).toBe(1);
}, 60_000);
