import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { clearRateLimit, rateLimitKey, releaseRateLimitSlot, takeRateLimitSlot } from '../src/index';

const take = (t: TestDb, subject: string, limit: number, now: number) =>
  takeRateLimitSlot(t.db, { scope: 'test', subject }, limit, 1000, now);

// The same suite on the real MariaDB and on the embedded SQLite: the two statements must agree.
for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('rate_limits')],
  ['sqlite', createSqliteTestDb],
] as const) {
  describe(`rate limits on ${dialect}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(async () => {
      await t.drop();
    });

    test('slots are taken up to the limit, then refused, and free again in the next window', async () => {
      const now = 1_000_000;
      expect(await take(t, 'a', 3, now)).toBe(true);
      expect(await take(t, 'a', 3, now + 10)).toBe(true);
      expect(await take(t, 'a', 3, now + 20)).toBe(true);
      expect(await take(t, 'a', 3, now + 30)).toBe(false);
      expect(await take(t, 'a', 3, now + 40)).toBe(false);
      expect(await take(t, 'b', 3, now + 40)).toBe(true);
      expect(await take(t, 'a', 3, now + 1000)).toBe(true);
      expect(await take(t, 'a', 3, now + 1001)).toBe(true);
      expect(await take(t, 'a', 3, now + 1002)).toBe(true);
      expect(await take(t, 'a', 3, now + 1003)).toBe(false);
    });

    test('40 parallel takers of a 5-slot bucket: exactly 5 get one', async () => {
      const now = 2_000_000;
      const taken = await Promise.all(Array.from({ length: 40 }, () => take(t, 'parallel', 5, now)));
      expect(taken.filter(Boolean)).toHaveLength(5);
    });

    test('a released slot can be taken again; clearing frees them all', async () => {
      const now = 3_000_000;
      expect(await take(t, 'r', 1, now)).toBe(true);
      expect(await take(t, 'r', 1, now)).toBe(false);
      await releaseRateLimitSlot(t.db, { scope: 'test', subject: 'r' }, 1000, now);
      expect(await take(t, 'r', 1, now)).toBe(true);
      await clearRateLimit(t.db, { scope: 'test', subject: 'r' });
      expect(await take(t, 'r', 1, now)).toBe(true);
    });

    test('a release in a later window does not give back a slot of that window', async () => {
      const now = 4_000_000;
      expect(await take(t, 'late', 1, now + 1000)).toBe(true);
      await releaseRateLimitSlot(t.db, { scope: 'test', subject: 'late' }, 1000, now);
      expect(await take(t, 'late', 1, now + 1000)).toBe(false);
    });

    test('an attempt stamped with an earlier window (an instance whose clock lags) never resets a later one', async () => {
      const now = 6_000_000;
      // Instances whose clocks differ by a moment disagree on the window just after its end: taking
      // turns, each must not start the bucket over for the other, or the limit vanishes meanwhile.
      expect(await take(t, 'skew', 2, now + 1000)).toBe(true);
      expect(await take(t, 'skew', 2, now + 999)).toBe(true);
      expect(await take(t, 'skew', 2, now + 1001)).toBe(false);
      expect(await take(t, 'skew', 2, now + 998)).toBe(false);
      expect(await take(t, 'skew', 2, now + 2000)).toBe(true);
    });

    test('any subject fits the key column: long and non-ASCII ones are stored hashed', async () => {
      const now = 5_000_000;
      const long = `${'é'.repeat(500)}@example.com`;
      expect(rateLimitKey({ scope: 'login:account', subject: long })).toHaveLength('login:account:'.length + 64);
      expect(await take(t, long, 1, now)).toBe(true);
      expect(await take(t, long, 1, now)).toBe(false);
      expect(await take(t, `${long}x`, 1, now)).toBe(true);
    });
  });
}
