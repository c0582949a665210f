import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { OutboxRow } from '@greencommerce/db';
import { createMysqlTestDb, type TestDb } from '@greencommerce/testing';
import { enqueueEvent, OutboxRelay, type Publisher } from '../src/index';

// Pure relay logic (lease, order, retry) on the real MariaDB, with a recording publisher in place
// of Kafka: this proves nothing about Kafka itself, which outbox-kafka.test.ts covers.
let t: TestDb;
beforeAll(async () => {
  t = await createMysqlTestDb('relay');
});
afterAll(async () => {
  await t.drop();
});

const recorder = (failFirst = 0): Publisher & { sent: string[] } => {
  let failures = failFirst;
  const sent: string[] = [];
  return {
    sent,
    async publish(rows: OutboxRow[]) {
      if (failures-- > 0) throw new Error('broker down');
      sent.push(...rows.map((r) => r.event_id));
    },
  };
};

test('two instances: only the lease holder publishes; the other takes over once it stops', async () => {
  const a = recorder();
  const b = recorder();
  const relayA = new OutboxRelay({ db: t.db, publisher: a, holder: 'a' });
  const relayB = new OutboxRelay({ db: t.db, publisher: b, holder: 'b' });
  const first = await enqueueEvent(t.db, 'UserDeleted', { userId: 1 });
  expect(await relayA.drainOnce()).toBe(1);
  const second = await enqueueEvent(t.db, 'UserDeleted', { userId: 2 });
  expect(await relayB.drainOnce()).toBe(0);
  expect(await relayA.drainOnce()).toBe(1);
  await relayA.stop();
  const third = await enqueueEvent(t.db, 'UserDeleted', { userId: 3 });
  expect(await relayB.drainOnce()).toBe(1);
  await relayB.stop();
  expect(a.sent).toEqual([first.id, second.id]);
  expect(b.sent).toEqual([third.id]);
});

test('a failed publish leaves rows pending and keeps its reason; the retry sends them in order', async () => {
  const p = recorder(2);
  const relay = new OutboxRelay({ db: t.db, publisher: p, holder: 'retry', pollMs: 20, maxBackoffMs: 50 });
  const events = [];
  for (let i = 0; i < 3; i++) events.push(await enqueueEvent(t.db, 'UserDeleted', { userId: 10 + i }));
  await expect(relay.drainOnce()).rejects.toThrow('broker down');
  const failed = await t.db
    .selectFrom('outbox')
    .select(['attempts', 'last_error'])
    .where('sent_at', 'is', null)
    .execute();
  // An outage, not a refusal: no row is blamed (attempts decide parking), the reason is kept.
  expect(failed.map((r) => [r.attempts, r.last_error])).toEqual(Array(3).fill([0, 'Error: broker down']));
  relay.start();
  const deadline = Date.now() + 5000;
  while (p.sent.length < 3 && Date.now() < deadline) await Bun.sleep(10);
  await relay.stop();
  expect(p.sent).toEqual(events.map((e) => e.id));
});

test('an outage counts against no row: after it, one refusal does not park a row that has attempts left', async () => {
  await t.db.deleteFrom('outbox').execute();
  const event = await enqueueEvent(t.db, 'UserDeleted', { userId: 40 });
  const refusal = new Error('MESSAGE_TOO_LARGE');
  const outcomes: (Error | undefined)[] = [
    ...Array.from({ length: 4 }, () => new Error('broker down')),
    refusal,
    refusal, // the one-at-a-time retry of the refused batch
    undefined,
  ];
  const sent: string[] = [];
  const parked: string[] = [];
  const relay = new OutboxRelay({
    db: t.db,
    holder: 'outage-then-refusal',
    maxAttempts: 3,
    onPark: (row) => parked.push(row.event_id),
    publisher: {
      async publish(rows) {
        const outcome = outcomes.shift();
        if (outcome) throw outcome;
        sent.push(...rows.map((r) => r.event_id));
      },
      isRejection: (err) => err === refusal,
    },
  });
  for (let i = 0; i < 4; i++) await expect(relay.drainOnce()).rejects.toThrow('broker down');
  // Refused once, with attempts left: it waits and is tried again.
  await expect(relay.drainOnce()).rejects.toThrow('MESSAGE_TOO_LARGE');
  expect(parked).toEqual([]);
  expect(await relay.drainOnce()).toBe(1);
  await relay.stop();
  expect(sent).toEqual([event.id]);
});

test('a refused batch blames only the refused row: its neighbours keep their attempts', async () => {
  await t.db.deleteFrom('outbox').execute();
  const poison = await enqueueEvent(t.db, 'UserDeleted', { userId: 50 });
  const fine = await enqueueEvent(t.db, 'UserDeleted', { userId: 51 });
  const refusal = new Error('MESSAGE_TOO_LARGE');
  const relay = new OutboxRelay({
    db: t.db,
    holder: 'blame-one',
    maxAttempts: 3,
    publisher: {
      async publish(rows) {
        if (rows.some((r) => r.event_id === poison.id)) throw refusal;
      },
      isRejection: (err) => err === refusal,
    },
  });
  // Poison first: the batch is refused, the culprit found, and everything behind it waits until it is parked.
  for (let i = 0; i < 2; i++) await expect(relay.drainOnce()).rejects.toThrow('MESSAGE_TOO_LARGE');
  expect(await relay.drainOnce()).toBe(1);
  await relay.stop();
  const rows = await t.db
    .selectFrom('outbox')
    .select(['event_id', 'attempts', 'parked_at', 'sent_at'])
    .orderBy('id')
    .execute();
  expect(rows.map((r) => [r.event_id, r.attempts, r.parked_at !== null, r.sent_at !== null])).toEqual([
    [poison.id, 3, true, false],
    [fine.id, 0, false, true],
  ]);
});
