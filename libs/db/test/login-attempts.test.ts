import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import {
  hasUpsertReturning,
  insertRefreshToken,
  insertUser,
  type LoginAttemptLimits,
  type LoginSettles,
  releaseRateLimitSlot,
  takeLoginAttempt,
} from '../src/index';

const WINDOW = 1000;
const limits = (ipLimit: number, accountLimit: number): LoginAttemptLimits => ({
  ipLimit,
  ipWindowMs: WINDOW,
  accountLimit,
  accountWindowMs: WINDOW,
});

const user = (email: string) => ({
  name: 'Ana',
  last_name: 'Pérez',
  day_birth: 15,
  month_birth: 2,
  year_birth: 1990,
  gender: 'Mujer',
  phone_number: '0991234567',
  email,
  password: 'the hash',
});

// The same suite on the real MariaDB, on MariaDB taking MySQL's path (no RETURNING: an upsert, then a
// read) and on the embedded SQLite: the statements must agree.
for (const [name, dialect, make, returning] of [
  ['mariadb', 'mariadb', () => createMysqlTestDb('login_attempts'), undefined],
  ["mariadb, MySQL's path", 'mariadb', () => createMysqlTestDb('login_attempts_mysql'), false],
  ['sqlite', 'sqlite', createSqliteTestDb, undefined],
] as const) {
  describe(`login attempts on ${name}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(async () => {
      await t.drop();
    });

    const attempt = (ip: string, email: string, l: LoginAttemptLimits, now: number) =>
      takeLoginAttempt(t.db, { ipSubject: ip, email, now, ...l }, { returning });

    test("one statement counts both buckets and reads the account's row back; an unknown email gets a bucket too", async () => {
      const id = await insertUser(t.db, user('ana@example.com'));
      const now = 1_000_000;
      const known = await attempt('ip-a', 'ana@example.com', limits(5, 5), now);
      expect(known).toEqual({
        ipTaken: true,
        accountTaken: true,
        accountBucket: `login:user:${id}`,
        accountHits: 1,
        settles: { bucket: `login:user:${id}`, window: now - (now % WINDOW) },
        user: { id, email: 'ana@example.com', password: 'the hash', role: 'customer', email_verified: 0 },
      });
      const unknown = await attempt('ip-a', 'nobody@example.com', limits(5, 5), now);
      expect(unknown).toMatchObject({ ipTaken: true, accountTaken: true, accountHits: 1, user: undefined });
      expect(unknown.accountBucket).toStartWith('login:unknown-email:');
      // Both attempts counted against the one client.
      expect((await attempt('ip-a', 'nobody@example.com', limits(3, 5), now)).ipTaken).toBe(true);
      expect((await attempt('ip-a', 'nobody@example.com', limits(3, 5), now)).ipTaken).toBe(false);
    });

    test('each limit refuses the attempt that goes past it; the next window starts over', async () => {
      await insertUser(t.db, user('bea@example.com'));
      const now = 2_000_000;
      const taken = [];
      for (let i = 0; i < 4; i++)
        taken.push((await attempt(`ip-${i}`, 'bea@example.com', limits(5, 3), now)).accountTaken);
      expect(taken).toEqual([true, true, true, false]);
      const later = await attempt('ip-0', 'bea@example.com', limits(5, 3), now + WINDOW);
      expect(later).toMatchObject({ ipTaken: true, accountTaken: true, accountHits: 1 });
    });

    test('40 parallel attempts on one account: exactly `limit` take a slot', async () => {
      await insertUser(t.db, user('cid@example.com'));
      const now = 3_000_000;
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => attempt(`parallel-${i}`, 'cid@example.com', limits(5, 5), now)),
      );
      const taken = results.filter((r) => r.accountTaken).length;
      // MySQL's path reads counts after others may have added theirs: it can refuse more, never check more.
      if (returning === false) expect(taken).toBeLessThanOrEqual(5);
      else expect(taken).toBe(5);
      expect(results.every((r) => r.ipTaken)).toBe(true);
    });

    test('a slot given back in its window can be taken again', async () => {
      await insertUser(t.db, user('dan@example.com'));
      const now = 4_000_000;
      const first = await attempt('ip-r', 'dan@example.com', limits(5, 1), now);
      expect(first.accountTaken).toBe(true);
      expect((await attempt('ip-r', 'dan@example.com', limits(5, 1), now)).accountTaken).toBe(false);
      // The refused attempt stays counted (it can only refuse more): two come back before one is free.
      await releaseRateLimitSlot(t.db, first.accountBucket, WINDOW, now);
      expect((await attempt('ip-r', 'dan@example.com', limits(5, 1), now)).accountTaken).toBe(false);
      await releaseRateLimitSlot(t.db, first.accountBucket, WINDOW, now);
      await releaseRateLimitSlot(t.db, first.accountBucket, WINDOW, now);
      expect((await attempt('ip-r', 'dan@example.com', limits(5, 1), now)).accountTaken).toBe(true);
    });

    const issue = (userId: number, now: number, settles?: LoginSettles) =>
      insertRefreshToken(
        t.db,
        {
          id: crypto.randomUUID(),
          user_id: userId,
          family_id: crypto.randomUUID(),
          token_hash: crypto.randomUUID(),
          expires_at: new Date(now + 60_000),
        },
        settles,
      );

    test("a login's token settles the account's attempts counted when it is written, in their window only; a refreshed token settles none", async () => {
      const id = await insertUser(t.db, user('gil@example.com'));
      const now = 8_000_000;
      const hits = async () => (await attempt('ip-g', 'gil@example.com', limits(100, 3), now)).accountHits;
      expect([await hits(), await hits()]).toEqual([1, 2]);
      const success = await attempt('ip-g', 'gil@example.com', limits(100, 3), now);
      expect(success).toMatchObject({
        accountHits: 3,
        accountTaken: true,
        settles: { bucket: `login:user:${id}`, window: now },
      });
      await issue(id, now); // a refresh: settles nothing
      expect(await hits()).toBe(4);
      // The login's token: every attempt counted by now is settled, the one after the success's too,
      // as the DELETE this replaces cleared them.
      await issue(id, now, success.settles);
      expect([await hits(), await hits(), await hits()]).toEqual([1, 2, 3]);
      // A token of another window settles nothing in this one.
      await issue(id, now, { bucket: success.settles.bucket, window: now + WINDOW });
      expect(await hits()).toBe(4);
      // An older login's token in the window changes nothing: the latest count settled is what counts.
      await t.db
        .insertInto('refresh_tokens')
        .values({
          id: crypto.randomUUID(),
          user_id: id,
          family_id: crypto.randomUUID(),
          token_hash: crypto.randomUUID(),
          expires_at: new Date(now + 60_000),
          login_window: now,
          login_hits: 1,
        })
        .execute();
      expect(await hits()).toBe(5);
      expect((await attempt('ip-g', 'gil@example.com', limits(100, 3), now + 2 * WINDOW)).accountHits).toBe(1);
    });

    test('slots given back between a success and its token are not settled twice: `limit` checks after it, no more', async () => {
      const id = await insertUser(t.db, user('hal@example.com'));
      const now = 10_000_000;
      const l = limits(100, 5);
      // Attempts counted before the success and given back after it counted (refused for their IP).
      const refused = [];
      for (let i = 0; i < 4; i++) refused.push(await attempt('busy', 'hal@example.com', l, now));
      const success = await attempt('victim', 'hal@example.com', l, now);
      expect(success.accountTaken).toBe(true);
      for (const r of refused) await releaseRateLimitSlot(t.db, r.accountBucket, WINDOW, now);
      await issue(id, now, success.settles);
      let checks = 0;
      for (let i = 0; i < 20; i++) if ((await attempt(`guess-${i}`, 'hal@example.com', l, now)).accountTaken) checks++;
      expect(checks).toBe(5);
    });

    test('an attempt stamped with an earlier window (an instance whose clock lags) never resets a later one', async () => {
      await insertUser(t.db, user('eva@example.com'));
      const now = 6_000_000;
      expect((await attempt('ip-s', 'eva@example.com', limits(2, 2), now + WINDOW)).accountTaken).toBe(true);
      expect((await attempt('ip-s', 'eva@example.com', limits(2, 2), now + WINDOW - 1)).accountTaken).toBe(true);
      const third = await attempt('ip-s', 'eva@example.com', limits(2, 2), now + WINDOW - 2);
      expect(third).toMatchObject({ ipTaken: false, accountTaken: false });
    });

    test("an instance whose clock lags reads what was settled in the bucket's window, not in its own", async () => {
      const id = await insertUser(t.db, user('ivy@example.com'));
      const now = 9_000_000;
      // Three logins in the window the bucket is in, each settled by its token.
      for (let i = 0; i < 3; i++) {
        const success = await attempt('ip-i', 'ivy@example.com', limits(100, 2), now);
        expect(success.accountTaken).toBe(true);
        await issue(id, now, success.settles);
      }
      // Through an instance 1 ms behind, still in the previous window: it counts in the bucket's window
      // (as before), and nothing there is a failure.
      const lagging = await attempt('ip-i', 'ivy@example.com', limits(100, 2), now - 1);
      expect(lagging).toMatchObject({ accountHits: 1, accountTaken: true, settles: { window: now } });
    });

    if (dialect === 'mariadb') {
      test('MariaDB is recognised as a server with RETURNING (MySQL is not)', async () => {
        expect(await hasUpsertReturning(t.db)).toBe(true);
      });

      test("every spelling the database's collation matches shares the account's bucket", async () => {
        const id = await insertUser(t.db, user('fay@example.com'));
        const now = 7_000_000;
        expect((await attempt('ip-f', 'fay@example.com', limits(5, 2), now)).accountBucket).toBe(`login:user:${id}`);
        const other = await attempt('ip-f', 'FAY@EXAMPLE.COM', limits(5, 2), now);
        expect(other).toMatchObject({ accountBucket: `login:user:${id}`, accountHits: 2, accountTaken: true });
        expect((await attempt('ip-f', 'Fáy@example.com', limits(5, 2), now)).accountTaken).toBe(false);
      });
    }
  });
}
