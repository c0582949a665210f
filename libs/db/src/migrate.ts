import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { createDb, type Db, type DbOptions } from './create-db';
import { dbKind } from './defaults';
import { migrations } from './migrations/index';

const NEWEST = Object.keys(migrations).sort().at(-1);
const COUNT = Object.keys(migrations).length;

/** Runs every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, {
      cause: error,
    });
  }
}

/**
 * Whether the database has run every migration this code has: as many as there are, the newest
 * among them. The newest alone is not enough: a migration merged with an older name than one already
 * run would be skipped in silence (the Migrator refuses such a history). One query, where the
 * Migrator's own check (its lock table, introspection and lock) took ~25 ms of every start; any doubt
 * (no table yet) leaves it to the Migrator.
 */
async function hasEveryMigration(db: Db): Promise<boolean> {
  const done = await sql<{ runs: number | string; newest: string | null }>`
    SELECT COUNT(*) AS runs, MAX(name) AS newest FROM kysely_migration`
    .execute(db)
    .then(
      ({ rows }) => rows[0],
      () => undefined,
    );
  return done !== undefined && Number(done.runs) === COUNT && done.newest === NEWEST;
}

/**
 * Opens the database an app runs on. The embedded SQLite file is migrated here, on start;
 * a MySQL server is migrated by `npm run migrate`, as a deploy step of its own.
 */
export async function openDatabase(opts: DbOptions): Promise<Db> {
  const db = createDb(opts);
  if (dbKind(opts.url) === 'sqlite' && !(await hasEveryMigration(db))) await migrateToLatest(db);
  return db;
}
