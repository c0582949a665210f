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

const upsertReturning = new WeakMap<Kysely<Database>, Promise<boolean>>();

/**
 * Whether the server hands back rows from an upsert (RETURNING): SQLite and MariaDB (10.5+) do,
 * MySQL has no RETURNING in any version. Asked once per database handle.
 */
export function hasUpsertReturning(db: Kysely<Database>): Promise<boolean> {
  if (!isMysql(db)) return Promise.resolve(true);
  let known = upsertReturning.get(db);
  if (!known) {
    known = sql<{ v: string }>`SELECT VERSION() AS v`
      .execute(db)
      .then((r) => /mariadb/i.test(String(r.rows[0]?.v ?? '')));
    // A failed check is asked again next time rather than remembered.
    known.catch(() => upsertReturning.delete(db));
    upsertReturning.set(db, known);
  }
  return known;
}
