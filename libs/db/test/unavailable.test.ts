import { Database as BunDatabase } from 'bun:sqlite';
import { afterAll, expect, test } from 'bun:test';
import { DependencyUnavailableError } from '@greencommerce/contracts';
import { createMysqlTestDb, createSqliteTestDb } from '@greencommerce/testing';
import { sql } from 'kysely';
import { createDb, DatabaseUnavailableError, isUniqueViolation } from '../src';
import { typedDriverError } from '../src/errors';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function failure(work: Promise<unknown>) {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeDefined();
  return err as Error & { cause?: { code?: string } };
}

test('a refused MySQL connection is a DatabaseUnavailableError carrying the driver error as its cause', async () => {
  const listener = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const deadPort = listener.port;
  listener.stop(true);
  const db = createDb({ url: `mysql://root@127.0.0.1:${deadPort}/nothing`, poolSize: 1 });
  cleanups.push(() => db.destroy());

  const err = await failure(sql`SELECT 1`.execute(db));
  expect(err).toBeInstanceOf(DatabaseUnavailableError);
  expect(err).toBeInstanceOf(DependencyUnavailableError);
  expect(err.message).toBe('database unavailable');
  expect(err.cause?.code).toBe('ECONNREFUSED');
});

test('a locked SQLite file is a DatabaseUnavailableError; a duplicate key stays a plain driver error', async () => {
  const t = await createSqliteTestDb();
  cleanups.push(t.drop);
  await sql`CREATE TABLE t (id INTEGER PRIMARY KEY)`.execute(t.db);
  await sql`INSERT INTO t VALUES (1)`.execute(t.db);
  const dup = await failure(sql`INSERT INTO t VALUES (1)`.execute(t.db));
  expect(dup).not.toBeInstanceOf(DatabaseUnavailableError);
  expect(isUniqueViolation(dup)).toBe(true);

  // Another process's writer holds the file; give up after 50 ms instead of the usual 5 s.
  await sql`PRAGMA busy_timeout = 50`.execute(t.db);
  const other = new BunDatabase(t.url);
  other.exec('BEGIN EXCLUSIVE');
  try {
    const err = await failure(sql`INSERT INTO t VALUES (2)`.execute(t.db));
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect(err.cause?.code).toBe('SQLITE_BUSY');
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
});

// A duplicate email or a mistyped value is a bug's 500, logged whole: the server's message names
// the value it refused, which the log must not (mysql2 copies it to the message, sqlMessage and
// the stack's first line).
test("MariaDB's refusal of a duplicate is still a unique violation, but its message no longer quotes the value", async () => {
  const t = await createMysqlTestDb('driver_error_values');
  cleanups.push(t.drop);
  await sql`CREATE TABLE t (id INTEGER PRIMARY KEY, email VARCHAR(100) UNIQUE)`.execute(t.db);
  const email = "o'brien.secret@example.com";
  await sql`INSERT INTO t VALUES (${1}, ${email})`.execute(t.db);
  // Prepared, and as text with the values written in (the pool sends a variable `IN` list so):
  // the two ways the pool sends a parameterised statement.
  for (const attempt of [
    sql`INSERT INTO t VALUES (${2}, ${email})`.execute(t.db),
    sql`INSERT INTO t SELECT ${3}, ${email} FROM DUAL WHERE 1 IN (${1}, ${2})`.execute(t.db),
  ]) {
    const dup = (await failure(attempt)) as Error & { sqlMessage?: string };
    expect(isUniqueViolation(dup)).toBe(true);
    expect(dup.message).toBe("Duplicate entry '…' for key 'email'");
    expect(dup.sqlMessage).toBe(dup.message);
    expect(dup.stack).toStartWith(`Error: ${dup.message}`);
    expect(JSON.stringify({ ...dup, stack: dup.stack })).not.toContain('secret');
  }
});

test('a mistyped value quoted by the server is left out the same way; messages with no value stay whole', () => {
  const mistyped = Object.assign(
    new Error("Incorrect integer value: 'Calle Privada 9' for column `shop`.`t`.`n` at row 1"),
    { errno: 1366, sqlMessage: "Incorrect integer value: 'Calle Privada 9' for column `shop`.`t`.`n` at row 1" },
  );
  expect(typedDriverError(mistyped)).toMatchObject({
    message: "Incorrect integer value: '…' for column `shop`.`t`.`n` at row 1",
    sqlMessage: "Incorrect integer value: '…' for column `shop`.`t`.`n` at row 1",
  });
  // Values quoted with no column after them (an UPDATE's comparison under strict mode, a CAST).
  for (const quoted of [
    "Truncated incorrect DECIMAL value: 'alice@example.com'",
    "Incorrect datetime value: 'Calle Privada 9, 2º'",
  ]) {
    const err = typedDriverError(Object.assign(new Error(quoted), { errno: 1292, sqlMessage: quoted })) as Error & {
      sqlMessage: string;
    };
    expect([err.message, err.sqlMessage]).toEqual([quoted.replace(/'.*'/, "'…'"), quoted.replace(/'.*'/, "'…'")]);
    expect(err.stack).toStartWith(`Error: ${err.message}\n`);
  }
  const plain = new Error("Table 'shop.t' doesn't exist");
  expect((typedDriverError(plain) as Error).message).toBe("Table 'shop.t' doesn't exist");
});
