import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createMysqlTestDb, type TestDb } from '@greencommerce/testing';
import { sql } from 'kysely';
import { countOutboxAttempt, createDb, type Db, insertOutboxRow, markOutboxSent } from '../src/index';

// The server's own counters, read on the one connection of a one-connection pool.
let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createMysqlTestDb('prepared');
  db = createDb({ url: t.url, poolSize: 1, maxPreparedStatements: 4 });
  for (let i = 0; i < 50; i++) {
    await insertOutboxRow(db, { event_id: `e${i}`, topic: 't', event_key: 'k', payload: '{}' });
  }
});
afterAll(async () => {
  await db.destroy();
  await t.drop();
});

const status = async (name: string) => {
  const { rows } = await sql<{ Value: string }>`SHOW SESSION STATUS LIKE ${sql.lit(name)}`.execute(db);
  return Number(rows[0]!.Value);
};

test('IN lists of 1 to 50 ids do not prepare a server-side statement per length', async () => {
  const ids = (await db.selectFrom('outbox').select('id').orderBy('id').execute()).map((r) => r.id);
  const before = await status('Com_stmt_prepare');
  for (let n = 1; n <= 50; n++) {
    await countOutboxAttempt(db, ids.slice(0, n), 'broker down');
    await markOutboxSent(db, ids.slice(0, n), new Date());
  }
  const prepared = (await status('Com_stmt_prepare')) - before;
  // One statement per query shape (the one-element list), not one per length: 100 before the fix.
  expect(prepared).toBeLessThanOrEqual(2);
  const rows = await db.selectFrom('outbox').select(['attempts', 'sent_at']).orderBy('id').execute();
  expect(rows[0]!.attempts).toBe(50);
  expect(rows[49]!.attempts).toBe(1);
  expect(rows.every((r) => r.sent_at !== null)).toBe(true);
});

test('a connection keeps at most maxPreparedStatements statements, closing the least recently used', async () => {
  const closedBefore = await status('Com_stmt_close');
  for (let n = 0; n < 10; n++) {
    await db
      .selectFrom('outbox')
      .select(sql<number>`${n} + ${sql.lit(n)}`.as('x'))
      .where('id', '>', n)
      .execute();
  }
  // 10 distinct statements through a cache of 4: at least 6 evicted and closed on the server.
  expect((await status('Com_stmt_close')) - closedBefore).toBeGreaterThanOrEqual(6);
});

test('a variable IN list sent as text still escapes its values: hostile strings match only themselves', async () => {
  const hostile = ["x' OR '1'='1", 'e1\\', "e2'; DELETE FROM outbox; -- ", 'e3'];
  const rows = await db.selectFrom('outbox').select('event_id').where('event_id', 'in', hostile).execute();
  expect(rows.map((r) => r.event_id)).toEqual(['e3']);
  expect(
    Number(
      (
        await db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  ).toBe(50);
});
