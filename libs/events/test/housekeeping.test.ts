import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { acquireLease, insertOutboxRow, releaseLease } from '@greencommerce/db';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { type EventsEnv, housekeepingConfig, housekeepOnce, startHousekeeping } from '../src/index';

const HOUR = 3_600_000;
const retention = { outboxRetentionMs: HOUR, processedEventsRetentionMs: HOUR, rateLimitRetentionMs: HOUR };

for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('housekeeper')],
  ['sqlite', createSqliteTestDb],
] as const) {
  describe(`housekeeping runs on ${dialect}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(async () => {
      await t.drop();
    });

    test('stop() while a run is in flight returns when the run ends, not an interval later', async () => {
      // The first run starts at once and is still talking to the database when stop() comes; a stop
      // that waited out the hour-long interval fails this test by its timeout (a supervised worker
      // stopped right after it started used to hang for 5 minutes this way).
      const housekeeping = startHousekeeping({ db: t.db, ...retention, intervalMs: HOUR });
      await housekeeping.stop();
      expect(await acquireLease(t.db, 'housekeeping', 'next', 60_000)).toBe(true);
      await releaseLease(t.db, 'housekeeping', 'next');
    });

    test('under its own leases: while another instance holds them nothing is deleted; then batches run', async () => {
      for (let i = 0; i < 5; i++) {
        await insertOutboxRow(t.db, { event_id: `e${i}`, topic: 't', event_key: 'k', payload: '{}' });
      }
      await t.db
        .updateTable('outbox')
        .set({ sent_at: new Date(Date.now() - 2 * HOUR) })
        .execute();
      await t.db
        .insertInto('processed_events')
        .values({ consumer_group: 'g', event_id: 'x', processed_at: new Date(Date.now() - 2 * HOUR) })
        .execute();
      await t.db
        .insertInto('rate_limits')
        .values({ bucket_key: 'ip:1', window_start: Date.now() - 2 * HOUR, hits: 1 })
        .execute();

      expect(await acquireLease(t.db, 'housekeeping', 'elsewhere', 60_000)).toBe(true);
      expect(await acquireLease(t.db, 'housekeeping-rate-limits', 'elsewhere', 60_000)).toBe(true);
      expect(await housekeepOnce({ db: t.db, holder: 'here', ...retention })).toEqual({
        outbox: 0,
        processedEvents: 0,
        accountTokens: 0,
        rateLimits: 0,
      });
      expect(await t.db.selectFrom('outbox').select('id').execute()).toHaveLength(5);
      // The relay's lease is a different one: holding it does not stop housekeeping.
      expect(await acquireLease(t.db, 'outbox-relay', 'here', 60_000)).toBe(true);
      await releaseLease(t.db, 'housekeeping', 'elsewhere');
      await releaseLease(t.db, 'housekeeping-rate-limits', 'elsewhere');

      const deleted = await housekeepOnce({ db: t.db, holder: 'here', batchSize: 2, maxBatches: 2, ...retention });
      // Two batches of two per run: the fifth row waits for the next run.
      expect(deleted).toEqual({ outbox: 4, processedEvents: 1, accountTokens: 0, rateLimits: 1 });
      expect(await housekeepOnce({ db: t.db, holder: 'here', batchSize: 2, ...retention })).toEqual({
        outbox: 1,
        processedEvents: 0,
        accountTokens: 0,
        rateLimits: 0,
      });
    });

    test('link tokens go a week after they expired (used or not); live and recently expired ones stay', async () => {
      const DAY = 24 * HOUR;
      const token = (tag: string, expiresInMs: number, used = false) => ({
        id: crypto.randomUUID(),
        token_hash: tag.padEnd(64, '0'),
        purpose: 'verify_email' as const,
        user_id: null,
        email: '',
        expires_at: new Date(Date.now() + expiresInMs),
        used_at: used ? new Date() : null,
      });
      await t.db
        .insertInto('account_tokens')
        .values([
          token('old', -8 * DAY),
          token('oldused', -8 * DAY, true),
          token('recent', -6 * DAY),
          token('live', DAY),
        ])
        .execute();
      const { accountTokens } = await housekeepOnce({ db: t.db, holder: 'here', ...retention });
      expect(accountTokens).toBe(2);
      const left = await t.db.selectFrom('account_tokens').select('token_hash').execute();
      expect(left.map((r) => r.token_hash.replace(/0+$/, '')).sort()).toEqual(['live', 'recent']);
    });

    test('an app that does not keep rate limits leaves their buckets alone, however old', async () => {
      await t.db
        .insertInto('rate_limits')
        .values({ bucket_key: 'login:ip:long-window', window_start: Date.now() - 100 * HOUR, hits: 1 })
        .execute();
      const { rateLimitRetentionMs: _, ...withoutRateLimits } = retention;
      expect((await housekeepOnce({ db: t.db, holder: 'users', ...withoutRateLimits })).rateLimits).toBe(0);
      expect(await t.db.selectFrom('rate_limits').select('bucket_key').execute()).toHaveLength(1);
    });
  });
}

test('processed-event ids are kept at least as long as outbox rows, which an embedded consumer rereads', () => {
  const env = { OUTBOX_RETENTION_HOURS: 24 * 30, PROCESSED_EVENTS_RETENTION_DAYS: 7 } as EventsEnv;
  expect(housekeepingConfig(env).processedEventsRetentionMs).toBe(30 * 24 * HOUR);
  expect(housekeepingConfig({ ...env, OUTBOX_RETENTION_HOURS: 72 }).processedEventsRetentionMs).toBe(7 * 24 * HOUR);
});

test('rate-limit buckets outlive the longest window by a window: a housekeeper whose clock leads never prunes a live one', () => {
  const env = { RATE_LIMIT_RETENTION_HOURS: 24 } as EventsEnv;
  expect(housekeepingConfig(env, HOUR).rateLimitRetentionMs).toBe(24 * HOUR);
  // A login's settled count must not outlive the bucket row it was counted in.
  expect(housekeepingConfig(env, 24 * HOUR).rateLimitRetentionMs).toBe(48 * HOUR);
  expect(housekeepingConfig({ ...env, RATE_LIMIT_RETENTION_HOURS: 1 }, HOUR).rateLimitRetentionMs).toBe(2 * HOUR);
});
