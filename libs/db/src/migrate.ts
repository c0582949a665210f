import { Migrator } from 'kysely/migration';
import { createDb, type Db, type DbOptions, dbKind } from './create-db';
import { migrations } from './migrations/index';

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
 * Opens the database an app runs on. The embedded SQLite file is migrated here, on start;
 * a MySQL server is migrated by `npm run migrate`, as a deploy step of its own.
 */
export async function openDatabase(opts: DbOptions): Promise<Db> {
  const db = createDb(opts);
  if (dbKind(opts.url) === 'sqlite') await migrateToLatest(db);
  return db;
}
