import type { Db } from '@greencommerce/db';
import type { Logger, TokenVerifier } from '@greencommerce/http';
import type { PaymentProviders } from './payments/provider';

export type OrdersConfig = {
  corsOrigins: string[];
  /** ORDER_SHIPPING_FEE in minor units. */
  shippingFeeMinor: number;
  /** ORDER_FREE_SHIPPING_THRESHOLD in minor units: a subtotal at or above it ships free. */
  freeShippingThresholdMinor: number;
  /** ORDER_PAYMENT_TTL_SECONDS. */
  paymentTtlSeconds: number;
  /** ORDER_REQUIRE_VERIFIED_EMAIL: checkout refuses (403) a token without email_verified. */
  requireVerifiedEmail: boolean;
};

/** Everything the orders app needs, passed in so tests can build it with their own. */
export type OrdersDeps = {
  db: Db;
  logger: Logger;
  verifyToken: TokenVerifier;
  config: OrdersConfig;
  /** The payment providers offered, by name; checkout starts a payment with the one the client chose. */
  payments: PaymentProviders;
  /** Sends due test-provider webhooks at once (the delivery loop's deliverDue); unset: they wait for the loop. */
  deliverTestWebhooks?: () => Promise<unknown>;
};
