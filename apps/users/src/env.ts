import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATA_DIR, databaseEnv } from '@greencommerce/db';
import { csv, logEnv, parseEnv } from '@greencommerce/http';
import { z } from 'zod';

const int = (def: number, min = 1) => z.coerce.number().int().min(min).default(def);
const optional = z
  .string()
  .optional()
  .transform((s) => s || undefined);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    USERS_HOST: z.string().default('127.0.0.1'),
    USERS_PORT: int(8082, 0).pipe(z.number().max(65535)),
    /** How browsers reach this service; embedded-mode image URLs start with it. */
    USERS_PUBLIC_URL: optional.pipe(z.url().optional()),
    ...databaseEnv,
    ...logEnv,
    ...logEnv,
    KAFKA_BROKERS: z.string().default('').transform(csv),
    CORS_ORIGINS: z.string().default('http://localhost:3000').transform(csv),
    JWT_ISSUER: z.string().min(1).default('greencommerce-auth'),
    JWT_AUDIENCE: z.string().min(1).default('greencommerce'),
    /** The auth service's key set; or JWT_PUBLIC_KEYS, a JSON array of public JWKs. */
    AUTH_JWKS_URL: z.url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
    JWT_PUBLIC_KEYS: optional,
    /** Unset: images go to MEDIA_DIR (embedded mode). Set with S3_BUCKET: any S3-compatible server. */
    S3_ENDPOINT: optional.pipe(z.url().optional()),
    S3_BUCKET: optional,
    S3_REGION: z.string().default('us-east-1'),
    S3_ACCESS_KEY_ID: optional,
    S3_SECRET_ACCESS_KEY: optional,
    S3_FORCE_PATH_STYLE: z.stringbool().default(true),
    S3_PUBLIC_BASE_URL: optional.pipe(z.url().optional()),
    S3_PRESIGN_SECONDS: int(900),
    MEDIA_DIR: z.string().default(path.join(DATA_DIR, 'media')),
    UPLOAD_MAX_BYTES: int(5 * 1024 * 1024),
    UPLOAD_MAX_PIXELS: int(40_000_000),
    UPLOAD_TMP_DIR: z.string().default(path.join(tmpdir(), 'greencommerce-uploads')),
    UPLOAD_CONCURRENCY: int(8),
    UPLOAD_QUEUE_LIMIT: int(64),
  })
  .refine((e) => !e.S3_ENDPOINT || e.S3_BUCKET, {
    path: ['S3_BUCKET'],
    message: 'is required with S3_ENDPOINT',
  })
  .refine((e) => !e.S3_ACCESS_KEY_ID === !e.S3_SECRET_ACCESS_KEY, {
    path: ['S3_SECRET_ACCESS_KEY'],
    message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together',
  });

export type UsersEnv = z.output<typeof EnvSchema>;
export const loadEnv = (source?: Record<string, string | undefined>) => parseEnv(EnvSchema, source);
