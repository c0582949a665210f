import path from 'node:path';

/** The embedded database every app shares when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = path.resolve(import.meta.dir, '../../../.data/greencommerce.sqlite');
