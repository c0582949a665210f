import path from 'node:path';

/**
 * The embedded mode's state folder: DATA_DIR when set (the end-to-end tests give each run its own,
 * so a developer's shop is never touched), else `.data/` at the repository root, or beside the working
 * directory when running as a `bun build --compile` executable (whose sources live in a virtual fs).
 */
export const DATA_DIR = process.env.DATA_DIR
  ? path.resolve(process.env.DATA_DIR)
  : import.meta.dir.startsWith('/$bunfs')
    ? path.resolve('.data')
    : path.resolve(import.meta.dir, '../../../.data');

/** The embedded database every app shares when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = path.join(DATA_DIR, 'greencommerce.sqlite');

export type DbKind = 'mysql' | 'sqlite';

export function dbKind(url: string): DbKind {
  return /^mysql:\/\//i.test(url) ? 'mysql' : 'sqlite';
}
