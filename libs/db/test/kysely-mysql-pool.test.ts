import { expect, test } from 'bun:test';
import type { Pool, PoolConnection } from 'mysql2';
import { DatabaseUnavailableError } from '../src/errors';
import { kyselyMysqlPool } from '../src/kysely-mysql-pool';

/** A pool of one connection that records what is run on it. */
function onePool() {
  const calls: string[] = [];
  const conn = {
    threadId: 7,
    execute: (opts: { sql: string }, cb: (err: null, rows: unknown[]) => void) => {
      calls.push(`execute ${opts.sql}`);
      cb(null, []);
    },
    query: (opts: { sql: string }, _params: unknown, cb: (err: null, rows: unknown[]) => void) => {
      calls.push(`query ${opts.sql}`);
      cb(null, []);
    },
    release() {
      calls.push(`release ${this.threadId}`);
    },
  };
  const pool = { getConnection: (cb: (err: null, c: unknown) => void) => cb(null, conn) } as unknown as Pool;
  return { pool: kyselyMysqlPool(pool, 1000), calls };
}

const checkout = (pool: ReturnType<typeof kyselyMysqlPool>) =>
  new Promise<PoolConnection>((resolve, reject) =>
    pool.getConnection((err, conn) => (err ? reject(err) : resolve(conn!))),
  );

test('a connection is handed out as the same object every time, so Kysely builds its state for it once', async () => {
  const { pool, calls } = onePool();
  const first = await checkout(pool);
  const again = await checkout(pool);
  expect(again).toBe(first);
  // Its methods are bound to the connection once, not on every access.
  expect(again.release).toBe(first.release);
  expect(first.threadId).toBe(7);
  first.release();
  first.query('SELECT ?', [1], () => {});
  first.query('SELECT 1', [], () => {});
  expect(calls).toEqual(['release 7', 'execute SELECT ?', 'query SELECT 1']);
});

test("a new connection runs the session's statements first; one refused drops it, as the database unavailable with the server's reason", async () => {
  const ran: string[] = [];
  let destroyed = 0;
  const refusal = Object.assign(new Error("Variable 'sql_mode' can't be set"), { errno: 1231 });
  const conn = {
    query: (opts: { sql: string }, cb: (err: Error | null) => void) => {
      ran.push(opts.sql);
      cb(opts.sql.startsWith('SET b') ? refusal : null);
    },
    destroy: () => void destroyed++,
  };
  const pool = { getConnection: (cb: (err: null, c: unknown) => void) => cb(null, conn) } as unknown as Pool;
  const failure = await checkout(kyselyMysqlPool(pool, 1000, ['SET a = 1', 'SET b = 2', 'SET c = 3'])).catch(
    (e: unknown) => e,
  );
  expect(ran).toEqual(['SET a = 1', 'SET b = 2']);
  expect(destroyed).toBe(1);
  expect(failure).toBeInstanceOf(DatabaseUnavailableError);
  expect((failure as Error).cause).toBe(refusal);
  // A connection set up once is handed out again without running them.
  const ok = kyselyMysqlPool(pool, 1000, ['SET a = 1']);
  ran.length = 0;
  await checkout(ok);
  await checkout(ok);
  expect(ran).toEqual(['SET a = 1']);
});
