import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  envBool,
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
import { z } from 'zod';

/** S3's bucket naming rules (lowercase, digits, dots, hyphens; 3 to 63 characters). */
const bucket = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name');

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
    /** Unset: images go to MEDIA_DIR (embedded mode). Set with S3_BUCKET: any S3-compatible server. */
    S3_ENDPOINT: httpUrl.optional(),
    S3_BUCKET: bucket.optional(),
    S3_REGION: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/, 'must be a region name like us-east-1')
      .default('us-east-1'),
    S3_ACCESS_KEY_ID: envWord(256).optional(),
    S3_SECRET_ACCESS_KEY: envWord(1024).optional(),
    S3_FORCE_PATH_STYLE: envBool(true),
    S3_PUBLIC_BASE_URL: httpUrl.optional(),
    // S3 signs URLs for at most 7 days.
    S3_PRESIGN_SECONDS: envInt(900, 1, 7 * 86_400),
    MEDIA_DIR: z.string().default(path.join(DATA_DIR, 'media')),
    UPLOAD_MAX_BYTES: envInt(5 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    UPLOAD_MAX_PIXELS: envInt(40_000_000),
    UPLOAD_TMP_DIR: z.string().default(path.join(tmpdir(), 'greencommerce-uploads')),
    UPLOAD_CONCURRENCY: envInt(8, 1, 1024),
    UPLOAD_QUEUE_LIMIT: envInt(64, 1, 1_000_000),
  })
  .refine((e) => !e.S3_ENDPOINT || e.S3_BUCKET, {
    path: ['S3_BUCKET'],
    message: 'is required with S3_ENDPOINT',
  })
  .refine((e) => !e.S3_ACCESS_KEY_ID === !e.S3_SECRET_ACCESS_KEY, {
    path: ['S3_SECRET_ACCESS_KEY'],
    message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together',
  })
  .transform((e) => ({
    ...e,
    USERS_WORKERS: e.USERS_WORKERS ?? (dbKind(e.DATABASE_URL) === 'sqlite' ? 1 : navigator.hardwareConcurrency || 1),
  }));

export type UsersEnv = z.output<typeof EnvSchema>;
export const loadEnv = (source?: Record<string, string | undefined>) => parseEnv(EnvSchema, source);
