import { databaseOptions, openDatabase } from '@greencommerce/db';
import { loggerFromEnv, tokenVerifierFromEnv } from '@greencommerce/http';
import { ORDERS_DB_OPTIONS } from './db-options';
import type { OrdersDeps } from './deps';
import type { OrdersEnv } from './env';
import { createPaymentProviders, type PaymentsConfig, paymentsConfig } from './payments/registry';

/**
 * Builds the real dependencies from configuration; the embedded database is migrated on start.
 * `paymentsConfig` goes back to main, which runs the test provider's webhook delivery with its secret.
 */
export async function depsFromEnv(env: OrdersEnv): Promise<OrdersDeps & { paymentsConfig: PaymentsConfig }> {
  // Checked before the database opens: a stripe listed without its keys stops the start.
  const payments = paymentsConfig(env);
  const db = await openDatabase({ ...databaseOptions(env), ...ORDERS_DB_OPTIONS });
  return {
    db,
    logger: loggerFromEnv('orders', env),
    verifyToken: tokenVerifierFromEnv(env),
    config: {
      corsOrigins: env.CORS_ORIGINS,
      shippingFeeMinor: env.ORDER_SHIPPING_FEE,
      freeShippingThresholdMinor: env.ORDER_FREE_SHIPPING_THRESHOLD,
      paymentTtlSeconds: env.ORDER_PAYMENT_TTL_SECONDS,
      requireVerifiedEmail: env.ORDER_REQUIRE_VERIFIED_EMAIL,
    },
    payments: createPaymentProviders(db, payments),
    paymentsConfig: payments,
  };
}
