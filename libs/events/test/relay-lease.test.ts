import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type OutboxRow, pendingOutboxRows } from '@greencommerce/db';
import { createMysqlTestDb, type TestDb } from '@greencommerce/testing';
import { enqueueEvent, LeaseLost, OutboxRelay, type Publisher } from '../src/index';

// Two relays on the real MariaDB; publishers stand in for Kafka so that a stall can be staged.
let t: TestDb;
beforeAll(async () => {
  t = await createMysqlTestDb('relay_lease');
});
afterAll(async () => {
  await t.drop();
});

/** Publishes in flight at once across every publisher made here: more than one breaks the relay's promise. */
let inFlight = 0;
let overlaps = 0;

/** A publisher that hangs for `stallMs` unless the relay aborts it (as kafkaPublisher drops its producer). */
const publisher = (stallMs: number): Publisher & { sent: string[]; started: number } => {
  const p = {
    sent: [] as string[],
    started: 0,
    async publish(rows: OutboxRow[], signal: AbortSignal) {
      p.started++;
      if (inFlight++ > 0) overlaps++;
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, stallMs);
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason);
          });
        });
        p.sent.push(...rows.map((r) => r.event_id));
      } finally {
        inFlight--;
      }
    },
  };
  return p;
};

const lease = { leaseTtlMs: 1500, publishTimeoutMs: 1000 };

test('a relay whose publish stalls past its lease never publishes alongside the next holder, nor marks rows', async () => {
  const event = await enqueueEvent(t.db, 'UserDeleted', { userId: 1 });
  // Longer than any lease here (the relay used to hold a fixed 10 s lease and wait forever).
  const stalled = publisher(12_000);
  const other = publisher(0);
  const a = new OutboxRelay({ db: t.db, publisher: stalled, holder: 'stalled', ...lease });
  const b = new OutboxRelay({ db: t.db, publisher: other, holder: 'other', ...lease });
  const aRun = a.drainOnce().catch((e: unknown) => e);
  while (stalled.started === 0) await Bun.sleep(10);
  const deadline = Date.now() + 15_000;
  while (other.sent.length === 0 && Date.now() < deadline) {
    await b.drainOnce().catch(() => {});
    await Bun.sleep(50);
  }
  const aResult = await aRun;
  expect(overlaps).toBe(0);
  expect(other.sent).toEqual([event.id]);
  expect(stalled.sent).toEqual([]);
  expect(aResult).toBeInstanceOf(Error);
  expect(await pendingOutboxRows(t.db, 10)).toHaveLength(0);
  await b.stop();
}, 30_000);

test('a relay that froze after publishing re-checks its lease by the database clock and marks nothing', async () => {
  const event = await enqueueEvent(t.db, 'UserDeleted', { userId: 2 });
  const frozen: Publisher & { sent: string[] } = {
    sent: [],
    async publish(rows: OutboxRow[]) {
      frozen.sent.push(...rows.map((r) => r.event_id));
      // The whole process stops (a long GC pause, SIGSTOP): no timer of its own can fire.
      Bun.sleepSync(lease.leaseTtlMs + 500);
    },
  };
  const next = publisher(0);
  const a = new OutboxRelay({ db: t.db, publisher: frozen, holder: 'frozen', ...lease });
  const b = new OutboxRelay({ db: t.db, publisher: next, holder: 'next', ...lease });
  await expect(a.drainOnce()).rejects.toBeInstanceOf(LeaseLost);
  expect(frozen.sent).toEqual([event.id]);
  // Still pending: the next holder sends it again (at least once), rather than it being lost.
  expect((await pendingOutboxRows(t.db, 10)).map((r) => r.event_id)).toEqual([event.id]);
  expect(await b.drainOnce()).toBe(1);
  expect(next.sent).toEqual([event.id]);
  await b.stop();
}, 30_000);
