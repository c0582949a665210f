import path from 'node:path';
import {
  envBrokers,
  envInt,
  envIntOrUnset,
  envJson,
  envOrigins,
  envPort,
  envWord,
  host,
  httpUrl,
  jwkList,
  PublicJwk,
} from '@greencommerce/contracts';
import { DATA_DIR, databaseEnv, dbKind } from '@greencommerce/db';
import { eventsEnv } from '@greencommerce/events';
import { DEFAULT_CLOCK_TOLERANCE_SECONDS, logEnv, parseEnv } from '@greencommerce/http';
import { refineStorageEnv, storageEnv, uploadEnv } from '@greencommerce/media';
import { z } from 'zod';

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    USERS_HOST: host.default('127.0.0.1'),
    USERS_PORT: envPort(8082),
    /** Processes sharing the port; unset: 1 on the embedded database, one per core on a configured one. */
    USERS_WORKERS: envIntOrUnset(1, 64),
    /** How browsers reach this service; embedded-mode image URLs start with it. */
    USERS_PUBLIC_URL: httpUrl.optional(),
    ...databaseEnv,
    ...logEnv,
    KAFKA_BROKERS: envBrokers,
    ...eventsEnv,
    CORS_ORIGINS: envOrigins('http://localhost:3000'),
    JWT_ISSUER: envWord().default('greencommerce-auth'),
    JWT_AUDIENCE: envWord().default('greencommerce'),
    JWT_CLOCK_TOLERANCE_SECONDS: envInt(DEFAULT_CLOCK_TOLERANCE_SECONDS, 0, 300),
    /** The auth service's key set; or JWT_PUBLIC_KEYS, public JWKs as a JSON array or a JWKS. */
    AUTH_JWKS_URL: httpUrl.default('http://127.0.0.1:8081/.well-known/jwks.json'),
    JWT_PUBLIC_KEYS: envJson(jwkList(PublicJwk)).optional(),
    ...storageEnv(path.join(DATA_DIR, 'media')),
    ...uploadEnv,
  })
  .superRefine(refineStorageEnv)
  .transform((e) => ({
    ...e,
    USERS_WORKERS: e.USERS_WORKERS ?? (dbKind(e.DATABASE_URL) === 'sqlite' ? 1 : navigator.hardwareConcurrency || 1),
  }));

export type UsersEnv = z.output<typeof EnvSchema>;
export const loadEnv = (source?: Record<string, string | undefined>) => parseEnv(EnvSchema, source);
