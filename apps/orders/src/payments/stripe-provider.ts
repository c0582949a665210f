import type { Db } from '@greencommerce/db';
import Stripe from 'stripe';
import {
  type PayableOrder,
  type PaymentProvider,
  type PaymentWebhookEvent,
  ProviderError,
  STRIPE_PROVIDER,
  type StartedPayment,
  WebhookSignatureError,
} from './provider';
import { startRecordedPayment } from './start-recorded-payment';

export type StripeProviderConfig = {
  db: Db;
  /** STRIPE_SECRET_KEY (sk_test_… for test mode). */
  secretKey: string;
  /** STRIPE_WEBHOOK_SECRET (whsec_…): the endpoint's signing secret. */
  webhookSecret: string;
  /** Signatures older than this are refused (the SDK's default is 300 s). */
  toleranceSeconds: number;
  /** Where the API is; unset: api.stripe.com. Tests point it at a local stand-in. */
  api?: { host: string; port: number; protocol: 'http' | 'https' };
};

/**
 * Stripe through its official SDK: one PaymentIntent per order (the order id as idempotency key,
 * so a retried checkout gets the same intent), refunds with the refund id as idempotency key, and
 * webhooks verified by the SDK on the raw body.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = STRIPE_PROVIDER;
  private readonly stripe: Stripe;

  constructor(private readonly config: StripeProviderConfig) {
    this.stripe = new Stripe(config.secretKey, {
      maxNetworkRetries: 2,
      timeout: 10_000,
      ...(config.api && { host: config.api.host, port: config.api.port, protocol: config.api.protocol }),
    });
  }

  startPayment(order: PayableOrder): Promise<StartedPayment> {
    return startRecordedPayment(this.config.db, this.name, order, async (paymentId) => {
      const intent = await this.call(() =>
        this.stripe.paymentIntents.create(
          {
            amount: order.totalMinor,
            currency: order.currency.toLowerCase(),
            automatic_payment_methods: { enabled: true },
            metadata: { orderId: order.id, paymentId },
            ...(order.email && { receipt_email: order.email }),
          },
          { idempotencyKey: `order-${order.id}` },
        ),
      );
      return { providerRef: intent.id, clientSecret: intent.client_secret };
    });
  }

  async capture(providerRef: string): Promise<void> {
    const intent = await this.call(() => this.stripe.paymentIntents.retrieve(providerRef));
    // Automatic capture is the default: only an intent waiting for capture is captured.
    if (intent.status === 'requires_capture') await this.call(() => this.stripe.paymentIntents.capture(providerRef));
  }

  async cancel(providerRef: string): Promise<void> {
    await this.call(() => this.stripe.paymentIntents.cancel(providerRef));
  }

  async refund(r: { providerRef: string; amountMinor: number; idempotencyKey: string }) {
    const refund = await this.call(() =>
      this.stripe.refunds.create(
        { payment_intent: r.providerRef, amount: r.amountMinor },
        { idempotencyKey: `refund-${r.idempotencyKey}` },
      ),
    );
    return { refundRef: refund.id };
  }

  async verifyWebhook(rawBody: Uint8Array, headers: Headers): Promise<PaymentWebhookEvent | null> {
    const signature = headers.get('stripe-signature');
    if (!signature) throw new WebhookSignatureError('Missing Stripe-Signature header');
    let event: Stripe.Event;
    try {
      event = await this.stripe.webhooks.constructEventAsync(
        rawBody,
        signature,
        this.config.webhookSecret,
        this.config.toleranceSeconds,
      );
    } catch (err) {
      throw new WebhookSignatureError((err as Error).message);
    }
    return normalizeStripeEvent(event);
  }

  /**
   * The SDK's errors as ours. A card error (402) or an invalid request (400/404) is Stripe answering
   * no: the same call fails again. The rest (no connection, 5xx, 429, a key Stripe does not accept)
   * is Stripe unreachable or unusable for now, which the SDK already retried.
   */
  private async call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      const e = err as { type?: string; message?: string; code?: string; decline_code?: string; rawType?: string };
      const refused = e.type === 'StripeCardError' || e.type === 'StripeInvalidRequestError';
      throw new ProviderError(e.message || String(err), {
        refused,
        reason: e.decline_code ?? e.code ?? e.rawType,
        cause: err,
      });
    }
  }
}

/** The three events the shop acts on; any other type is acknowledged and left alone. */
export function normalizeStripeEvent(event: Stripe.Event): PaymentWebhookEvent | null {
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const pi = event.data.object;
      const succeeded = event.type === 'payment_intent.succeeded';
      return {
        providerEventId: event.id,
        providerType: event.type,
        type: succeeded ? 'succeeded' : 'failed',
        providerRef: pi.id,
        amountMinor: succeeded ? pi.amount_received : pi.amount,
        currency: pi.currency.toUpperCase(),
        ...(pi.metadata?.orderId && { orderId: pi.metadata.orderId }),
        ...(!succeeded && {
          reason: pi.last_payment_error?.code ?? pi.last_payment_error?.message ?? 'payment_failed',
        }),
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const ref = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
      if (!ref) return null;
      return {
        providerEventId: event.id,
        providerType: event.type,
        type: 'refunded',
        providerRef: ref,
        amountMinor: charge.amount_refunded,
        currency: charge.currency.toUpperCase(),
        ...(charge.metadata?.orderId && { orderId: charge.metadata.orderId }),
      };
    }
    default:
      return null;
  }
}
