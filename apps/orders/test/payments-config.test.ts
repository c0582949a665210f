import { describe, expect, test } from 'bun:test';
import { expectConfigRejected } from '@greencommerce/testing';
import { loadEnv } from '../src/env';
import { paymentsConfig } from '../src/payments/registry';

describe('payment configuration', () => {
  test('unset: the test provider only, a random webhook secret per process, a 5 s delayed card', () => {
    const a = paymentsConfig(loadEnv({}));
    const b = paymentsConfig(loadEnv({}));
    expect(a.providers).toEqual(['test']);
    expect(a.stripe).toBeUndefined();
    expect(a.testWebhookSecret).toMatch(/^[\w-]{43}$/);
    expect(a.testWebhookSecret).not.toBe(b.testWebhookSecret);
    expect([a.testDelayMs, a.webhookToleranceSeconds]).toEqual([5000, 300]);
  });

  test('a Stripe key offers stripe too; STRIPE_API_BASE points the SDK elsewhere', () => {
    const c = paymentsConfig(
      loadEnv({
        STRIPE_SECRET_KEY: 'sk_test_abc',
        STRIPE_WEBHOOK_SECRET: 'whsec_abc',
        STRIPE_API_BASE: 'http://127.0.0.1:12111',
        TEST_PAYMENTS_WEBHOOK_SECRET: 'a-fixed-secret-of-some-length',
      }),
    );
    expect(c.providers).toEqual(['test', 'stripe']);
    expect(c.stripe).toEqual({
      secretKey: 'sk_test_abc',
      webhookSecret: 'whsec_abc',
      api: { host: '127.0.0.1', port: 12111, protocol: 'http' },
    });
    expect(c.testWebhookSecret).toBe('a-fixed-secret-of-some-length');
  });

  test('stripe listed without its keys, or an unknown provider, stops the start', () => {
    expect(() => paymentsConfig(loadEnv({ PAYMENT_PROVIDERS: 'test,stripe' }))).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => paymentsConfig(loadEnv({ PAYMENT_PROVIDERS: 'paypal' }))).toThrow(/unknown provider paypal/);
    expect(
      paymentsConfig(
        loadEnv({ PAYMENT_PROVIDERS: 'stripe', STRIPE_SECRET_KEY: 'sk_test_a', STRIPE_WEBHOOK_SECRET: 'whsec_a' }),
      ).providers,
    ).toEqual(['stripe']);
  });

  for (const bad of [
    { field: 'TEST_PAYMENTS_WEBHOOK_SECRET', value: 'short' },
    { field: 'STRIPE_WEBHOOK_SECRET', value: 'not-whsec' },
    { field: 'PAYMENT_PROVIDERS', value: 'test,,stripe' },
    { field: 'PAYMENT_WEBHOOK_TOLERANCE_SECONDS', value: '0' },
    { field: 'TEST_PAYMENTS_DELAY_MS', value: 'soon' },
  ]) {
    test(`${bad.field}=${bad.value} is refused naming the field`, () => expectConfigRejected(loadEnv, bad));
  }
});
