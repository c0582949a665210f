import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { createDb, type Db, type DbOptions, dbKind } from './create-db';
import { migrations } from './migrations/index';

const NEWEST = Object.keys(migrations).sort().at(-1);

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
 * Whether the database has run the newest migration this code has: Kysely runs them in order, so
 * then it has run them all. One query, where the Migrator's own check (its lock table, introspection
 * and lock) took ~25 ms of every start; any doubt (no table yet) leaves it to the Migrator.
 */
async function hasEveryMigration(db: Db): Promise<boolean> {
  const newest = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`
    .execute(db)
    .then(
      ({ rows }) => rows[0]?.name,
      () => undefined,
    );
  return newest === NEWEST;
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
