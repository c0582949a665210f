import { type Kysely, MysqlAdapter, type RawBuilder, sql } from 'kysely';
import type { Database } from './schema';

export const isMysql = (db: Kysely<Database>) => db.getExecutor().adapter instanceof MysqlAdapter;

/**
 * The database server's clock in epoch milliseconds. Deadlines shared by several instances (leases)
 * are judged by this one clock, so a skewed or paused app clock cannot shorten or stretch them.
 */
export const dbNowMs = (db: Kysely<Database>): RawBuilder<number> =>
  isMysql(db)
    ? sql<number>`CAST(ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000) AS SIGNED)`
    : sql<number>`CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)`;
