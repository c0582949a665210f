import { Database as BunDatabase } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, type KyselyConfig, MysqlDialect, SqliteDialect, type Transaction } from 'kysely';
import type * as Mysql2 from 'mysql2';
import { betterSqliteShape } from './bun-sqlite-driver';
import { dbKind } from './defaults';
import { kyselyMysqlPool } from './kysely-mysql-pool';
import type { Database } from './schema';
import { allowBatches } from './statement-batch';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/**
 * The server's sql_mode but NO_BACKSLASH_ESCAPES, for every session: text queries (IN lists,
 * statement batches) carry values escaped by mysql2 with backslashes, and a server in that mode
 * would read `\'` as a string's end, and what follows as SQL.
 */
export const WITH_BACKSLASH_ESCAPES =
  "SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','))";

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
  /**
   * MySQL: lets statementBatch send several writes of a transaction as one multi-statement query
   * (one round trip instead of one each). Off unless asked for: stacked statements are then possible
   * in this pool's text queries, all of them parameterised.
   */
  batchStatements?: boolean;
};

export function createDb({
  url,
  poolSize = 10,
  connectTimeoutMs = 3000,
  queryTimeoutMs = 5000,
  maxPreparedStatements = 256,
  log,
  readCommitted = false,
  batchStatements = false,
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
      multipleStatements: batchStatements,
    });
    // Run on each new connection before the caller that asked for it gets it (kysely-mysql-pool.ts).
    const session = [
      WITH_BACKSLASH_ESCAPES,
      ...(readCommitted ? ['SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'] : []),
    ];
    const db = new Kysely<Database>({
      dialect: new MysqlDialect({ pool: kyselyMysqlPool(pool, queryTimeoutMs, session) as never }),
      log,
    });
    if (batchStatements) allowBatches(db);
    return db;
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
