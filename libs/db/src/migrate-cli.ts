// `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded default) and exits non-zero on failure.
import { createDb } from './create-db';
import { DEFAULT_DATABASE_URL } from './defaults';
import { migrateToLatest } from './migrate';

const db = createDb({ url: process.env.DATABASE_URL || DEFAULT_DATABASE_URL });
try {
  await migrateToLatest(db);
  console.log('migrations: up to date');
} catch (err) {
  console.error(String(err));
  process.exitCode = 1;
} finally {
  await db.destroy();
}
