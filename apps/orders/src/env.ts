import { envBool, envBrokers, envInt, envIntOrUnset, envPort, host } from '@greencommerce/contracts/env-fields';
import { toMinorUnits } from '@greencommerce/contracts/money';
import { databaseEnv, dbKind } from '@greencommerce/db/env';
import { eventsEnv } from '@greencommerce/events/env';
import { corsEnv, logEnv, nodeEnv, parseEnv, tokenVerifierEnv } from '@greencommerce/http/env';
import { z } from 'zod';
import { paymentsEnv } from './payments/env';

/** An amount in major units with at most two decimals ("4.95", "50"), kept as integer minor units. */
const envMoney = (def: string) =>
  z
    .string()
    .default(def)
    .transform((s, ctx) => {
      const minor = toMinorUnits(s.trim());
      if (minor === undefined) {
        ctx.addIssue({ code: 'custom', message: 'must be an amount with at most two decimals, such as 4.95' });
        return z.NEVER;
      }
      return minor;
    });

const EnvSchema = z
  .object({
    ...nodeEnv,
    ORDERS_HOST: host.default('127.0.0.1'),
    ORDERS_PORT: envPort(8085),
    /** Processes sharing the port; unset: 1 on the embedded database, one per core on a configured one. */
    ORDERS_WORKERS: envIntOrUnset(1, 64),
    ...databaseEnv,
    ...logEnv,
    KAFKA_BROKERS: envBrokers,
    ...eventsEnv,
    ...corsEnv,
    ...tokenVerifierEnv,
    /** The flat shipping fee, in major units of the order's currency ("4.95"). */
    ORDER_SHIPPING_FEE: envMoney('4.95'),
    /** A subtotal at or above this ships free ("50.00"); "0" makes every order ship free. */
    ORDER_FREE_SHIPPING_THRESHOLD: envMoney('50.00'),
    /** A pending_payment order not paid within this is expired and its stock released. */
    ORDER_PAYMENT_TTL_SECONDS: envInt(1800, 60, 7 * 86_400),
    /** How often the expiry sweeper looks for overdue orders (and old idempotency keys). */
    ORDER_SWEEP_INTERVAL_SECONDS: envInt(30, 1, 86_400),
    /** Checkout only for accounts whose email is verified (the token's email_verified claim). */
    ORDER_REQUIRE_VERIFIED_EMAIL: envBool(false),
    ...paymentsEnv,
  })
  .transform((e) => ({
    ...e,
    ORDERS_WORKERS: e.ORDERS_WORKERS ?? (dbKind(e.DATABASE_URL) === 'sqlite' ? 1 : navigator.hardwareConcurrency || 1),
  }));

export type OrdersEnv = z.output<typeof EnvSchema>;
export const loadEnv = (source?: Record<string, string | undefined>) => parseEnv(EnvSchema, source);
