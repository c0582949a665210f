// `@greencommerce/db/env`: what an app's env.ts needs, without Kysely or the drivers, so that a
// supervisor (libs/http supervise.ts) parses its environment and spawns its workers before loading them.
export { DATA_DIR, type DbKind, DEFAULT_DATABASE_URL, dbKind } from './defaults';
export { databaseEnv } from './env';
