import { Database as BunDatabase } from 'bun:sqlite';
import { afterAll, expect, test } from 'bun:test';
import { DependencyUnavailableError } from '@greencommerce/contracts';
import { createSqliteTestDb } from '@greencommerce/testing';
import { sql } from 'kysely';
import { createDb, DatabaseUnavailableError, isUniqueViolation } from '../src';

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
