import { Database as BunDatabase } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, type KyselyConfig, MysqlDialect, SqliteDialect, type Transaction } from 'kysely';
import type * as Mysql2 from 'mysql2';
import { betterSqliteShape } from './bun-sqlite-driver';
import { dbKind } from './defaults';
import { kyselyMysqlPool } from './kysely-mysql-pool';
import type { Database } from './schema';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

export type DbOptions = {
  /** `mysql://user:pass@host:port/db`, or a SQLite file path (the embedded default). */
  url: string;
  poolSize?: number;
  /** How long a request may wait for a connection before the database counts as down. */
  connectTimeoutMs?: number;
  /** How long one query may go unanswered before the database counts as down. */
  queryTimeoutMs?: number;
  /** Kysely's query log hook (tests count the statements a request makes with it). */
  log?: KyselyConfig['log'];
  /** Prepared statements each MySQL connection keeps; the least recently used is closed beyond it. */
  maxPreparedStatements?: number;
  /**
   * MySQL: every session at READ COMMITTED, set once when the pool opens a connection instead of a
   * statement before each transaction. SQLite's transactions are serializable either way.
   */
  readCommitted?: boolean;
};

export function createDb({
  url,
  poolSize = 10,
  connectTimeoutMs = 3000,
  queryTimeoutMs = 5000,
  maxPreparedStatements = 256,
  log,
  readCommitted = false,
}: DbOptions): Db {
  if (dbKind(url) === 'mysql') {
    // Loaded here, not at the top: the embedded mode's start would pay ~50 ms for a driver it never uses.
    const { createPool } = require('mysql2') as typeof Mysql2;
    const pool = createPool({
      uri: url,
      connectionLimit: poolSize,
      maxIdle: poolSize,
      connectTimeout: connectTimeoutMs,
      // mysql2 keeps 16000 per connection by default: with a pool, beyond the server's max_prepared_stmt_count.
      maxPreparedStatements,
      timezone: 'Z',
      dateStrings: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
    });
    if (readCommitted) {
      // Queued on the new connection before the caller that asked for it gets it. A connection that
      // cannot take it is dropped: its first query fails as a lost connection would.
      pool.on('connection', (conn) => {
        conn.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', (err) => {
          if (err) conn.destroy();
        });
      });
    }
    return new Kysely<Database>({
      dialect: new MysqlDialect({ pool: kyselyMysqlPool(pool, queryTimeoutMs) as never }),
      log,
    });
  }
  const file = url.replace(/^sqlite:(\/\/)?/i, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BunDatabase(file, { create: true });
  // WAL lets the auth and users processes share one embedded file; busy_timeout makes writers queue.
  sqlite.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: betterSqliteShape(sqlite) as never }),
    log,
  });
}
