import { randomBytes } from 'node:crypto';
import type { Db } from '@greencommerce/db';
import type { PaymentsEnv } from './env';
import { type PaymentProvider, type PaymentProviders, STRIPE_PROVIDER } from './provider';
import { TEST_PROVIDER, TestPaymentProvider } from './test-provider';

export type PaymentsConfig = {
  providers: string[];
  testWebhookSecret: string;
  testDelayMs: number;
  testDeliveryIntervalMs: number;
  webhookToleranceSeconds: number;
  stripe?: {
    secretKey: string;
    webhookSecret: string;
    api?: { host: string; port: number; protocol: 'http' | 'https' };
  };
};

/** The payment configuration from the environment; a stripe listed without its keys is a startup error. */
export function paymentsConfig(env: PaymentsEnv): PaymentsConfig {
  const providers = env.PAYMENT_PROVIDERS?.split(',') ?? [
    TEST_PROVIDER,
    ...(env.STRIPE_SECRET_KEY ? [STRIPE_PROVIDER] : []),
  ];
  for (const p of providers) {
    if (p !== TEST_PROVIDER && p !== STRIPE_PROVIDER) throw new Error(`PAYMENT_PROVIDERS: unknown provider ${p}`);
  }
  let stripe: PaymentsConfig['stripe'];
  if (providers.includes(STRIPE_PROVIDER)) {
    if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) {
      throw new Error('stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET');
    }
    const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : undefined;
    const protocol = base?.protocol === 'http:' ? 'http' : 'https';
    stripe = {
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      ...(base && {
        api: { host: base.hostname, port: Number(base.port || (protocol === 'http' ? 80 : 443)), protocol },
      }),
    };
  }
  return {
    providers,
    testWebhookSecret: env.TEST_PAYMENTS_WEBHOOK_SECRET ?? randomBytes(32).toString('base64url'),
    testDelayMs: env.TEST_PAYMENTS_DELAY_MS,
    testDeliveryIntervalMs: env.TEST_PAYMENTS_DELIVERY_INTERVAL_MS,
    webhookToleranceSeconds: env.PAYMENT_WEBHOOK_TOLERANCE_SECONDS,
    ...(stripe && { stripe }),
  };
}

/**
 * The providers offered, by name: checkout and the webhook route look a provider up here, so a new
 * provider is one class implementing PaymentProvider and one line below.
 */
export function createPaymentProviders(db: Db, config: PaymentsConfig): PaymentProviders {
  const all = new Map<string, PaymentProvider>();
  if (config.providers.includes(TEST_PROVIDER)) {
    all.set(
      TEST_PROVIDER,
      new TestPaymentProvider({
        db,
        webhookSecret: config.testWebhookSecret,
        delayMs: config.testDelayMs,
        toleranceSeconds: config.webhookToleranceSeconds,
      }),
    );
  }
  if (config.stripe) {
    // Required here: the SDK (~220 modules) is loaded only where stripe is configured, not by every start.
    const { StripePaymentProvider } = require('./stripe-provider') as typeof import('./stripe-provider');
    all.set(
      STRIPE_PROVIDER,
      new StripePaymentProvider({ db, ...config.stripe, toleranceSeconds: config.webhookToleranceSeconds }),
    );
  }
  return all;
}
