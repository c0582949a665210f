import path from 'node:path';
import { DATA_DIR, databaseEnv } from '@greencommerce/db';
import { csv, logEnv, parseEnv } from '@greencommerce/http';
import { z } from 'zod';

const int = (def: number, min = 1) => z.coerce.number().int().min(min).default(def);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  AUTH_HOST: z.string().default('127.0.0.1'),
  AUTH_PORT: int(8081, 0).pipe(z.number().max(65535)),
  ...databaseEnv,
  ...logEnv,
  KAFKA_BROKERS: z.string().default('').transform(csv),
  CORS_ORIGINS: z.string().default('http://localhost:3000').transform(csv),
  TRUST_PROXY: z.stringbool().default(false),
  JWT_ISSUER: z.string().min(1).default('greencommerce-auth'),
  JWT_AUDIENCE: z.string().min(1).default('greencommerce'),
  /** JSON array of private EC P-256 JWKs with `kid`; the first signs, all are published. */
  JWT_PRIVATE_KEYS: z.string().optional(),
  /** Where the embedded mode keeps the key it generates on first start. */
  JWT_KEY_FILE: z.string().default(path.join(DATA_DIR, 'auth-jwt-keys.json')),
  ACCESS_TOKEN_TTL_SECONDS: int(900),
  REFRESH_TOKEN_TTL_SECONDS: int(30 * 24 * 3600),
  // OWASP's argon2id floor is m=19 MiB, t=2, p=1: lower values are refused.
  ARGON2_MEMORY_KIB: int(19456).pipe(z.number().min(19456)),
  ARGON2_TIME_COST: int(2).pipe(z.number().min(2)),
  HASH_CONCURRENCY: int(navigator.hardwareConcurrency || 2),
  HASH_QUEUE_LIMIT: int(256),
  LOGIN_IP_LIMIT: int(30),
  LOGIN_IP_WINDOW_SECONDS: int(60),
  LOGIN_ACCOUNT_FAILURE_LIMIT: int(5),
  LOGIN_ACCOUNT_WINDOW_SECONDS: int(900),
  REGISTER_IP_LIMIT: int(20),
  REGISTER_IP_WINDOW_SECONDS: int(3600),
});

export type AuthEnv = z.output<typeof EnvSchema>;
export const loadEnv = (source?: Record<string, string | undefined>) => parseEnv(EnvSchema, source);
