import { Database } from 'bun:sqlite';
import { expect, test } from 'bun:test';
import { tmpdir } from 'node:os';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { betterSqliteShape } from '../src/bun-sqlite-driver';
import { DatabaseUnavailableError } from '../src/errors';

/** Kysely on an in-memory SQLite through the shape, counting the statements SQLite compiles. */
function counted() {
  const sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  let compiled = 0;
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((text: string) => {
    compiled++;
    return prepare(text);
  }) as typeof sqlite.prepare;
  const db = new Kysely<{ t: { id: number; v: string } }>({
    dialect: new SqliteDialect({ database: betterSqliteShape(sqlite) as never }),
  });
  return { db, compiled: () => compiled };
}

test('a query run again reuses its compiled statement, and reads what is there now', async () => {
  const { db, compiled } = counted();
  const read = (id: number) => db.selectFrom('t').select('v').where('id', '=', id).executeTakeFirst();
  await db.insertInto('t').values({ id: 1, v: 'a' }).execute();
  expect(await read(1)).toEqual({ v: 'a' });
  const before = compiled();
  for (let i = 2; i <= 10; i++) {
    await db
      .insertInto('t')
      .values({ id: i, v: `v${i}` })
      .execute();
    expect(await read(i)).toEqual({ v: `v${i}` });
  }
  // The insert and the read were compiled once each, before the loop.
  expect(compiled()).toBe(before);
});

test('past the statements it keeps, the oldest is dropped and compiled again when next used', async () => {
  const { db, compiled } = counted();
  await db.insertInto('t').values({ id: 1, v: 'a' }).execute();
  const distinct = (n: number) => sql<{ n: number }>`SELECT ${sql.lit(n)} AS n FROM t`.execute(db);
  for (let n = 0; n < 300; n++) expect((await distinct(n)).rows).toEqual([{ n }]);
  const before = compiled();
  expect((await distinct(0)).rows).toEqual([{ n: 0 }]);
  expect(compiled()).toBe(before + 1);
  expect((await distinct(299)).rows).toEqual([{ n: 299 }]);
  expect(compiled()).toBe(before + 1);
});

test('a statement that does not compile is an error each time, and the connection goes on', async () => {
  const { db } = counted();
  for (let i = 0; i < 2; i++) {
    await expect(sql`SELECT nope FROM missing`.execute(db)).rejects.toThrow();
  }
  expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows).toEqual([{ one: 1 }]);
});

test('a locked database is still a DatabaseUnavailableError', async () => {
  const file = `${tmpdir()}/gc-shape-${crypto.randomUUID()}.sqlite`;
  const holder = new Database(file);
  holder.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); BEGIN EXCLUSIVE');
  const other = new Database(file);
  other.exec('PRAGMA busy_timeout = 0');
  const db = new Kysely<{ t: { id: number; v: string } }>({
    dialect: new SqliteDialect({ database: betterSqliteShape(other) as never }),
  });
  await expect(db.selectFrom('t').selectAll().execute()).rejects.toBeInstanceOf(DatabaseUnavailableError);
  holder.exec('ROLLBACK');
  holder.close();
  other.close();
});
