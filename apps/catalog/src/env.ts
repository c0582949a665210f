import path from 'node:path';
import { envBrokers, envInt, envIntOrUnset, envPort, host, httpUrl } from '@greencommerce/contracts/env-fields';
import { DATA_DIR, DEFAULT_DATABASE_URL, databaseEnv, dbKind } from '@greencommerce/db/env';
import { eventsEnv } from '@greencommerce/events/env';
import { corsEnv, logEnv, nodeEnv, parseEnv, tokenVerifierEnv } from '@greencommerce/http/env';
import { refineStorageEnv, storageEnv, uploadEnv } from '@greencommerce/media/env';
import { z } from 'zod';

/** The images shipped with the catalog (category pictures, the demo catalog's), served at /assets/. */
export const DEFAULT_ASSETS_DIR = path.resolve(import.meta.dir, '..', 'assets');

const EnvSchema = z
  .object({
    ...nodeEnv,
    CATALOG_HOST: host.default('127.0.0.1'),
    CATALOG_PORT: envPort(8083),
    /** Processes sharing the port; unset: 1 on the embedded database, one per core on a configured one. */
    CATALOG_WORKERS: envIntOrUnset(1, 64),
    /** How browsers reach this service: category and embedded-mode image URLs start with it. */
    CATALOG_PUBLIC_URL: httpUrl.optional(),
    CATALOG_ASSETS_DIR: z.string().default(DEFAULT_ASSETS_DIR),
    /** A 304 within this long of the last full answer skips the query; 0 always asks the database. */
    CATALOG_REVALIDATE_CACHE_MS: envInt(1000, 0, 60_000),
    /** Full-text searches one process runs at once, and how many may wait; past that, 429. */
    SEARCH_CONCURRENCY: envInt(4, 1, 1024),
    SEARCH_QUEUE_LIMIT: envInt(64, 0, 1_000_000),
    /** Fill an empty catalog with the demo products at start; unset: only on the embedded database. */
    SEED_DEMO_CATALOG: z.stringbool({ error: 'must be true or false' }).optional(),
    ...databaseEnv,
    ...logEnv,
    KAFKA_BROKERS: envBrokers,
    ...eventsEnv,
    ...corsEnv,
    ...tokenVerifierEnv,
    ...storageEnv(path.join(DATA_DIR, 'media')),
    ...uploadEnv,
  })
  .superRefine(refineStorageEnv)
  .transform((e) => ({
    ...e,
    CATALOG_WORKERS:
      e.CATALOG_WORKERS ?? (dbKind(e.DATABASE_URL) === 'sqlite' ? 1 : navigator.hardwareConcurrency || 1),
    CATALOG_PUBLIC_URL: e.CATALOG_PUBLIC_URL ?? `http://${e.CATALOG_HOST}:${e.CATALOG_PORT}`,
    SEED_DEMO_CATALOG: e.SEED_DEMO_CATALOG ?? e.DATABASE_URL === DEFAULT_DATABASE_URL,
  }));

export type CatalogEnv = z.output<typeof EnvSchema>;
export const loadEnv = (source?: Record<string, string | undefined>) => parseEnv(EnvSchema, source);
