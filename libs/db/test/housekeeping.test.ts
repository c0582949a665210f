import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { pruneOutbox, pruneProcessedEvents, pruneRateLimits } from '../src/index';

const DAY = 86_400_000;

/** Calls a batch delete until it finds nothing, returning each batch's count. */
async function drain(prune: () => Promise<number>): Promise<number[]> {
  const batches: number[] = [];
  for (let n = await prune(); n > 0; n = await prune()) batches.push(n);
  return batches;
}

for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('housekeeping')],
  ['sqlite', createSqliteTestDb],
] as const) {
  describe(`housekeeping on ${dialect}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(async () => {
      await t.drop();
    });

    const now = Date.now();
    const old = new Date(now - 10 * DAY);
    const cutoff = new Date(now - DAY);

    test('outbox: sent rows older than the cutoff go in bounded batches; fresh, pending and parked stay', async () => {
      const row = (id: string, extra: object) => ({
        event_id: id,
        topic: 't',
        event_key: 'k',
        payload: '{}',
        created_at: old,
        ...extra,
      });
      for (let i = 0; i < 5; i++)
        await t.db
          .insertInto('outbox')
          .values(row(`old-sent-${i}`, { sent_at: old }))
          .execute();
      await t.db
        .insertInto('outbox')
        .values(row('fresh-sent', { created_at: new Date(now), sent_at: new Date(now) }))
        .execute();
      await t.db.insertInto('outbox').values(row('old-pending', {})).execute();
      await t.db
        .insertInto('outbox')
        .values(row('old-parked', { parked_at: old }))
        .execute();

      expect(await drain(() => pruneOutbox(t.db, { before: cutoff, limit: 2 }))).toEqual([2, 2, 1]);
      const left = await t.db.selectFrom('outbox').select('event_id').orderBy('id').execute();
      expect(left.map((r) => r.event_id)).toEqual(['fresh-sent', 'old-pending', 'old-parked']);

      // Embedded mode: the outbox is the event log and nothing is ever marked sent.
      expect(await drain(() => pruneOutbox(t.db, { before: cutoff, unsent: true, limit: 2 }))).toEqual([1]);
      const embedded = await t.db.selectFrom('outbox').select('event_id').orderBy('id').execute();
      expect(embedded.map((r) => r.event_id)).toEqual(['fresh-sent', 'old-parked']);
    });

    test('processed events older than the cutoff go; fresh ones stay', async () => {
      for (let i = 0; i < 3; i++) {
        await t.db
          .insertInto('processed_events')
          .values({ consumer_group: 'g', event_id: `old-${i}`, processed_at: old })
          .execute();
      }
      await t.db.insertInto('processed_events').values({ consumer_group: 'g', event_id: 'fresh' }).execute();
      expect(await drain(() => pruneProcessedEvents(t.db, { before: cutoff, limit: 2 }))).toEqual([2, 1]);
      const left = await t.db.selectFrom('processed_events').select('event_id').execute();
      expect(left.map((r) => r.event_id)).toEqual(['fresh']);
    });

    test('rate-limit buckets whose window is long over go; current ones stay', async () => {
      await t.db
        .insertInto('rate_limits')
        .values([
          { bucket_key: 'old-1', window_start: now - 10 * DAY, hits: 3 },
          { bucket_key: 'old-2', window_start: now - 2 * DAY, hits: 1 },
          { bucket_key: 'current', window_start: now - 1000, hits: 1 },
        ])
        .execute();
      expect(await drain(() => pruneRateLimits(t.db, { beforeMs: cutoff.getTime(), limit: 1 }))).toEqual([1, 1]);
      const left = await t.db.selectFrom('rate_limits').select('bucket_key').execute();
      expect(left.map((r) => r.bucket_key)).toEqual(['current']);
    });
  });
}
