import path from 'node:path';
import {
  envBool,
  envBrokers,
  envInt,
  envIntOrUnset,
  envJson,
  envPort,
  host,
} from '@greencommerce/contracts/env-fields';
import { jwkList, PrivateJwk } from '@greencommerce/contracts/jwk';
import { DATA_DIR, databaseEnv, dbKind } from '@greencommerce/db/env';
import { eventsEnv } from '@greencommerce/events/env';
import { corsEnv, jwtClaimsEnv, logEnv, MAX_TOKEN_AGE_SECONDS, nodeEnv, parseEnv } from '@greencommerce/http/env';
import { z } from 'zod';

const DAY = 86_400;

const EnvSchema = z
  .object({
    ...nodeEnv,
    AUTH_HOST: host.default('127.0.0.1'),
    AUTH_PORT: envPort(8081),
    /** Processes sharing the port; unset: 1 on the embedded database, 2 on a configured one. */
    AUTH_WORKERS: envIntOrUnset(1, 64),
    ...databaseEnv,
    ...logEnv,
    KAFKA_BROKERS: envBrokers,
    ...eventsEnv,
    ...corsEnv,
    TRUST_PROXY: envBool(false),
    /** How many proxies of ours append to X-Forwarded-For; with TRUST_PROXY, the client IP is that many from the right. */
    TRUST_PROXY_HOPS: envInt(1, 1, 16),
    ...jwtClaimsEnv,
    /** Private EC P-256 JWKs with `kid` (a JSON array or a JWKS); the first signs, all are published. */
    JWT_PRIVATE_KEYS: envJson(jwkList(PrivateJwk)).optional(),
    /** Where the embedded mode keeps the key it generates on first start. */
    JWT_KEY_FILE: z.string().default(path.join(DATA_DIR, 'auth-jwt-keys.json')),
    // Verifiers refuse tokens older than MAX_TOKEN_AGE_SECONDS, so auth may not issue longer ones.
    ACCESS_TOKEN_TTL_SECONDS: envInt(900, 1, MAX_TOKEN_AGE_SECONDS),
    REFRESH_TOKEN_TTL_SECONDS: envInt(30 * DAY, 1, 365 * DAY),
    // OWASP's argon2id floor is m=19 MiB, t=2, p=1: lower values are refused; 4 GiB per hash is a typo.
    ARGON2_MEMORY_KIB: envInt(19456, 19456, 4 * 1024 * 1024),
    ARGON2_TIME_COST: envInt(2, 2, 100),
    /** Per worker; unset: the cores shared out between the workers. */
    HASH_CONCURRENCY: envIntOrUnset(1, 1024),
    HASH_QUEUE_LIMIT: envInt(256, 1, 1_000_000),
    LOGIN_IP_LIMIT: envInt(30),
    LOGIN_IP_WINDOW_SECONDS: envInt(60, 1, DAY),
    LOGIN_ACCOUNT_FAILURE_LIMIT: envInt(5),
    LOGIN_ACCOUNT_WINDOW_SECONDS: envInt(900, 1, DAY),
    REGISTER_IP_LIMIT: envInt(20),
    REGISTER_IP_WINDOW_SECONDS: envInt(3600, 1, DAY),
    VERIFY_RESEND_LIMIT: envInt(5),
    VERIFY_RESEND_WINDOW_SECONDS: envInt(3600, 1, DAY),
    PASSWORD_RESET_ACCOUNT_LIMIT: envInt(5),
    PASSWORD_RESET_ACCOUNT_WINDOW_SECONDS: envInt(3600, 1, DAY),
    PASSWORD_RESET_IP_LIMIT: envInt(20),
    PASSWORD_RESET_IP_WINDOW_SECONDS: envInt(3600, 1, DAY),
  })
  .transform((e) => {
    // Two workers, not one per core: a login's cost is argon2, which Bun.password already spreads over
    // every core from one process; a second process keeps the port answering while the other restarts.
    const workers = e.AUTH_WORKERS ?? (dbKind(e.DATABASE_URL) === 'sqlite' ? 1 : 2);
    const cores = navigator.hardwareConcurrency || 2;
    return { ...e, AUTH_WORKERS: workers, HASH_CONCURRENCY: e.HASH_CONCURRENCY ?? Math.ceil(cores / workers) };
  });

export type AuthEnv = z.output<typeof EnvSchema>;
export const loadEnv = (source?: Record<string, string | undefined>) => parseEnv(EnvSchema, source);
