import { envInt, envMs } from '@greencommerce/contracts/env-fields';
import { z } from 'zod';
import type { DbOptions } from './create-db';
import { DEFAULT_DATABASE_URL } from './defaults';

/**
 * mysql://user:pass@host[:port]/database, or a SQLite file path (optionally `sqlite:`-prefixed).
 * Any other scheme is a typo (postgres://, mysql:/…) that would otherwise become a file name.
 */
const databaseUrl = z.string().refine((s) => {
  if (/^mysql:\/\//i.test(s)) {
    const u = URL.parse(s);
    return !!u?.hostname && /^\/[^/]+$/.test(u.pathname);
  }
  return !/^[a-z][a-z0-9+.-]+:/i.test(s.replace(/^sqlite:(\/\/)?/i, '')) && !s.includes('\0');
}, 'must be mysql://user:password@host:port/database or a SQLite file path');

/** The database variables every app reads; spread into the app's own env schema. */
export const databaseEnv = {
  DATABASE_URL: databaseUrl.default(DEFAULT_DATABASE_URL),
  DATABASE_POOL_SIZE: envInt(10, 1, 1000),
  DATABASE_CONNECT_TIMEOUT_MS: envMs(3000),
  DATABASE_QUERY_TIMEOUT_MS: envMs(5000),
  DATABASE_MAX_PREPARED_STATEMENTS: envInt(256, 1, 16_000),
};

type DatabaseEnv = { [K in keyof typeof databaseEnv]: z.output<(typeof databaseEnv)[K]> };

export const databaseOptions = (env: DatabaseEnv): DbOptions => ({
  url: env.DATABASE_URL,
  poolSize: env.DATABASE_POOL_SIZE,
  connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
  queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
  maxPreparedStatements: env.DATABASE_MAX_PREPARED_STATEMENTS,
});
