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

test('a failed publish leaves rows pending and counts the attempt; the retry sends them in order', async () => {
  const p = recorder(2);
  const relay = new OutboxRelay({ db: t.db, publisher: p, holder: 'retry', pollMs: 20, maxBackoffMs: 50 });
  const events = [];
  for (let i = 0; i < 3; i++) events.push(await enqueueEvent(t.db, 'UserDeleted', { userId: 10 + i }));
  await expect(relay.drainOnce()).rejects.toThrow('broker down');
  const attempts = await t.db.selectFrom('outbox').select('attempts').where('sent_at', 'is', null).execute();
  expect(attempts.map((r) => r.attempts)).toEqual([1, 1, 1]);
  relay.start();
  const deadline = Date.now() + 5000;
  while (p.sent.length < 3 && Date.now() < deadline) await Bun.sleep(10);
  await relay.stop();
  expect(p.sent).toEqual(events.map((e) => e.id));
});
