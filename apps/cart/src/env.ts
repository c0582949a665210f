import { envBool, envBrokers, envInt, envIntOrUnset, envPort, host } from '@greencommerce/contracts/env-fields';
import { databaseEnv, dbKind } from '@greencommerce/db/env';
import { eventsEnv } from '@greencommerce/events/env';
import { corsEnv, logEnv, nodeEnv, parseEnv, tokenVerifierEnv } from '@greencommerce/http/env';
import { z } from 'zod';

const EnvSchema = z
  .object({
    ...nodeEnv,
    CART_HOST: host.default('127.0.0.1'),
    CART_PORT: envPort(8084),
    /** Processes sharing the port; unset: 1 on the embedded database, one per core on a configured one. */
    CART_WORKERS: envIntOrUnset(1, 64),
    ...databaseEnv,
    ...logEnv,
    KAFKA_BROKERS: envBrokers,
    ...eventsEnv,
    ...corsEnv,
    /** Behind our own proxies: the client IP is TRUST_PROXY_HOPS entries from the right of X-Forwarded-For. */
    TRUST_PROXY: envBool(false),
    TRUST_PROXY_HOPS: envInt(1, 1, 16),
    /**
     * Guest carts one client may create per window (POST /cart needs no account). At most a day: auth's
     * housekeeping keeps every rate-limit bucket at least that long.
     */
    GUEST_CART_IP_LIMIT: envInt(60, 1, 1_000_000_000),
    GUEST_CART_IP_WINDOW_SECONDS: envInt(3600, 1, 86_400),
    ...tokenVerifierEnv,
    /** A guest cart untouched this long is gone: its token answers 404 and the sweeper deletes it. */
    GUEST_CART_TTL_DAYS: envInt(30, 1, 3650),
    /** An open cart with no lines untouched this long is deleted (a user's is made again on next use). */
    EMPTY_CART_TTL_HOURS: envInt(24, 1, 24 * 3650),
    // At most a day: the wait is one setTimeout, which fires at once past 2^31-1 ms.
    CART_SWEEP_INTERVAL_SECONDS: envInt(600, 1, 86_400),
  })
  .transform((e) => ({
    ...e,
    CART_WORKERS: e.CART_WORKERS ?? (dbKind(e.DATABASE_URL) === 'sqlite' ? 1 : navigator.hardwareConcurrency || 1),
  }));

export type CartEnv = z.output<typeof EnvSchema>;
export const loadEnv = (source?: Record<string, string | undefined>) => parseEnv(EnvSchema, source);
