import { afterAll, beforeAll, describe, expect, setSystemTime, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import {
  acquireLease,
  deleteUser,
  findRefreshTokenByHash,
  findUserByEmail,
  findUserById,
  insertOutboxRow,
  insertRefreshToken,
  insertUser,
  isUniqueViolation,
  markOutboxSent,
  outboxRowsAfter,
  parkedOutboxSummary,
  parkOutboxRow,
  pendingOutboxRows,
  recordProcessedEvent,
  renewLease,
  replacePasswordHash,
  revokeRefreshFamily,
  spendRefreshToken,
  toDate,
  updateUser,
} from '../src/index';

const user = (email: string) => ({
  name: 'Ana',
  last_name: 'Pérez 😀',
  day_birth: 15,
  month_birth: 2,
  year_birth: 1990,
  gender: 'Mujer',
  phone_number: '0991234567',
  email,
  password: 'hash',
});

// The same suite runs on the real MariaDB and on the embedded SQLite: both dialects must behave alike.
for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('repositories')],
  ['sqlite', createSqliteTestDb],
] as const) {
  describe(`repositories on ${dialect}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(async () => {
      await t.drop();
    });

    test('users: insert, read, update, unique email, delete', async () => {
      const id = await insertUser(t.db, user('ana@example.com'));
      expect(id).toBeGreaterThan(0);
      const row = await findUserByEmail(t.db, 'ana@example.com');
      expect(row?.id).toBe(id);
      expect(row?.last_name).toBe('Pérez 😀');
      expect(await updateUser(t.db, id, { shipping_address: 'Av. 1' })).toBe(true);
      expect((await findUserById(t.db, id))?.shipping_address).toBe('Av. 1');
      const dup = await insertUser(t.db, user('ana@example.com')).catch((e) => e);
      expect(isUniqueViolation(dup)).toBe(true);
      expect(await deleteUser(t.db, id)).toBe(true);
      expect(await findUserById(t.db, id)).toBeUndefined();
    });

    test('users: a password hash is replaced only while it is still the one read', async () => {
      const id = await insertUser(t.db, user('rehash@example.com'));
      expect(await replacePasswordHash(t.db, id, 'hash', 'upgraded')).toBe(true);
      // Changed meanwhile (here by the line above): a second upgrade from the old hash changes nothing.
      expect(await replacePasswordHash(t.db, id, 'hash', 'stale upgrade')).toBe(false);
      expect((await findUserById(t.db, id))?.password).toBe('upgraded');
    });

    test('refresh tokens: spent once, family revocation', async () => {
      const userId = await insertUser(t.db, user('tok@example.com'));
      const expires = new Date(Date.now() + 60_000);
      await insertRefreshToken(t.db, {
        id: 'a',
        user_id: userId,
        family_id: 'f',
        token_hash: 'h'.repeat(64),
        expires_at: expires,
      });
      const row = await findRefreshTokenByHash(t.db, 'h'.repeat(64));
      expect(Math.abs(toDate(row!.expires_at).getTime() - expires.getTime())).toBeLessThan(1000);
      const spent = await Promise.all([
        spendRefreshToken(t.db, 'a', new Date()),
        spendRefreshToken(t.db, 'a', new Date()),
      ]);
      expect(spent.filter(Boolean)).toHaveLength(1);
      await insertRefreshToken(t.db, {
        id: 'b',
        user_id: userId,
        family_id: 'f',
        token_hash: 'i'.repeat(64),
        expires_at: expires,
      });
      await revokeRefreshFamily(t.db, 'f', new Date());
      expect(await spendRefreshToken(t.db, 'b', new Date())).toBe(false);
    });

    test('outbox: pending in insertion order, marked sent, log stays readable', async () => {
      for (const n of [1, 2, 3]) {
        await insertOutboxRow(t.db, { event_id: `e${n}`, topic: 't', event_key: 'k', payload: `{"n":${n}}` });
      }
      const pending = await pendingOutboxRows(t.db, 10);
      expect(pending.map((r) => r.event_id)).toEqual(['e1', 'e2', 'e3']);
      await markOutboxSent(t.db, [pending[0]!.id], new Date());
      expect((await pendingOutboxRows(t.db, 10)).map((r) => r.event_id)).toEqual(['e2', 'e3']);
      expect((await outboxRowsAfter(t.db, 0, ['t'], 10)).map((r) => r.event_id)).toEqual(['e1', 'e2', 'e3']);
    });

    test('outbox: a parked row is skipped, and holds back the later rows of its topic and key only', async () => {
      await t.db.deleteFrom('outbox').execute();
      const rows = [
        ['p1', 'a', 'k1'],
        ['p2', 'a', 'k2'],
        ['p3', 'a', 'k1'],
        ['p4', 'b', 'k1'],
      ] as const;
      for (const [event_id, topic, event_key] of rows) {
        await insertOutboxRow(t.db, { event_id, topic, event_key, payload: '{}' });
      }
      const [first] = await pendingOutboxRows(t.db, 1);
      await parkOutboxRow(t.db, first!.id, new Error('refused'), new Date());
      expect((await pendingOutboxRows(t.db, 10)).map((r) => r.event_id)).toEqual(['p2', 'p4']);
      expect(await parkedOutboxSummary(t.db)).toEqual({
        parked: 1,
        oldest: { id: first!.id, topic: 'a', last_error: 'Error: refused' },
      });
    });

    test('processed events: second record of the same id is a redelivery', async () => {
      expect(await recordProcessedEvent(t.db, 'g', 'x')).toBe(true);
      expect(await recordProcessedEvent(t.db, 'g', 'x')).toBe(false);
      expect(await recordProcessedEvent(t.db, 'other', 'x')).toBe(true);
    });

    test('leases: one holder at a time until expiry, by the database clock', async () => {
      expect(await acquireLease(t.db, 'relay', 'a', 60_000)).toBe(true);
      expect(await acquireLease(t.db, 'relay', 'b', 60_000)).toBe(false);
      expect(await acquireLease(t.db, 'relay', 'a', 60_000)).toBe(true);
      expect(await renewLease(t.db, 'relay', 'b', 60_000)).toBe(false);
      expect(await renewLease(t.db, 'relay', 'a', 60_000)).toBe(true);
      // An instance whose clock runs an hour ahead still sees a's lease as live: expiry is the database's call.
      setSystemTime(new Date(Date.now() + 3_600_000));
      try {
        expect(await acquireLease(t.db, 'relay', 'b', 60_000)).toBe(false);
      } finally {
        setSystemTime();
      }
      expect(await acquireLease(t.db, 'short', 'a', 100)).toBe(true);
      await Bun.sleep(300);
      expect(await renewLease(t.db, 'short', 'a', 100)).toBe(false);
      expect(await acquireLease(t.db, 'short', 'b', 60_000)).toBe(true);
    });
  });
}
