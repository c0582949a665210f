import { envInt } from '@greencommerce/contracts/env-fields';
import { z } from 'zod';

/**
 * The payment fields of the orders service's environment (spread into its env schema).
 * TEST_PAYMENTS_WEBHOOK_SECRET unset: a random secret per process. That is enough because the
 * test provider's webhooks are sent by the same process that checks them (in-process delivery).
 */
export const paymentsEnv = {
  /** Providers offered at checkout, comma-separated; unset: `test`, plus `stripe` when STRIPE_SECRET_KEY is set. */
  PAYMENT_PROVIDERS: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*(,[a-z][a-z0-9_-]*)*$/, 'must be provider names separated by commas')
    .optional(),
  TEST_PAYMENTS_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How long the 4000 0000 0000 9995 test card takes to succeed. */
  TEST_PAYMENTS_DELAY_MS: envInt(5000, 0, 600_000),
  /** How often undelivered test webhooks are retried (and delayed ones sent). */
  TEST_PAYMENTS_DELIVERY_INTERVAL_MS: envInt(1000, 10, 600_000),
  /** Webhook signatures older than this are refused (replays). */
  PAYMENT_WEBHOOK_TOLERANCE_SECONDS: envInt(300, 1, 3600),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret key')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, 'must be a Stripe webhook signing secret')
    .optional(),
  /** Another Stripe API base (a local stand-in in tests), such as http://127.0.0.1:12111. */
  STRIPE_API_BASE: z.url().optional(),
};

export type PaymentsEnv = {
  PAYMENT_PROVIDERS?: string;
  TEST_PAYMENTS_WEBHOOK_SECRET?: string;
  TEST_PAYMENTS_DELAY_MS: number;
  TEST_PAYMENTS_DELIVERY_INTERVAL_MS: number;
  PAYMENT_WEBHOOK_TOLERANCE_SECONDS: number;
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  STRIPE_API_BASE?: string;
};
