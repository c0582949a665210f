import { z } from 'zod';
import type { DbOptions } from './create-db';
import { DEFAULT_DATABASE_URL } from './defaults';

const positiveInt = (def: number) => z.coerce.number().int().min(1).default(def);

/** The database variables every app reads; spread into the app's own env schema. */
export const databaseEnv = {
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  DATABASE_POOL_SIZE: positiveInt(10),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt(3000),
  DATABASE_QUERY_TIMEOUT_MS: positiveInt(5000),
};

type DatabaseEnv = { [K in keyof typeof databaseEnv]: z.output<(typeof databaseEnv)[K]> };

export const databaseOptions = (env: DatabaseEnv): DbOptions => ({
  url: env.DATABASE_URL,
  poolSize: env.DATABASE_POOL_SIZE,
  connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
  queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
});
