import type { OrderRow, PaymentStart, Runner } from '@greencommerce/db';

/**
 * The seam between the order side (checkout, state machine) and the payment side (providers,
 * webhooks, refunds). Checkout needs only `startPayment`; the payment side uses the rest. Adding a
 * provider touches no checkout code: it implements this interface and is registered by name
 * (registry.ts); checkout looks the provider up by the name the client chose.
 */

/** Stripe's name here, not in stripe-provider.ts: naming it must not load the Stripe SDK. */
export const STRIPE_PROVIDER = 'stripe';

/** What a provider is told about the order it is to charge: the stored totals, never recomputed. */
export type PayableOrder = {
  id: string;
  /** The order's payments row, written with the order; the provider records its start on it. */
  paymentId: string;
  userId: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** orders.total_minor: subtotal + shipping, computed once at checkout. */
  totalMinor: number;
  email: string | null;
  /**
   * Placed by the request starting its payment, just now: no earlier start to look for (a twin
   * request resuming it at the same time is resolved like any two concurrent starts).
   */
  placedNow?: boolean;
};

/** The order as its provider is told about it, from the stored row. */
export const payableOrder = (
  order: Pick<OrderRow, 'id' | 'user_id' | 'currency' | 'total_minor' | 'customer_email'>,
  paymentId: string,
  placedNow: boolean,
): PayableOrder => ({
  id: order.id,
  paymentId,
  userId: order.user_id,
  currency: order.currency,
  totalMinor: Number(order.total_minor),
  email: order.customer_email,
  placedNow,
});

/** What the client needs to pay: a Stripe-style client secret, or a URL to confirm at. */
export type StartedPayment = {
  /** payments.id of the row written for this attempt. */
  paymentId: string;
  /** The provider's own id for it (Stripe: the PaymentIntent id). */
  providerRef: string;
  clientSecret?: string | null;
  confirmationUrl?: string | null;
};

/** One provider webhook, verified and reduced to what the shop acts on. */
export type PaymentWebhookEvent = {
  /** The provider's event id: an event is applied once per (provider, id). */
  providerEventId: string;
  /**
   * succeeded: the payment was captured; failed: an attempt failed (another may follow and
   * succeed); refunded: `amountMinor` is the provider's running total refunded on the payment.
   */
  type: 'succeeded' | 'failed' | 'refunded';
  /** The payment it concerns (payments.provider_ref). */
  providerRef: string;
  /** succeeded/failed: the payment's amount; refunded: the total refunded so far. Minor units. */
  amountMinor: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** The order id the payment was started for, when the provider echoes it (metadata). */
  orderId?: string;
  /** failed: why, as the provider says it. */
  reason?: string;
  /** The provider's name for the event (payment_intent.succeeded), kept in payment_events.type. */
  providerType: string;
};

/** The webhook's signature is missing, malformed, stale or wrong: answered 400, nothing changes. */
export class WebhookSignatureError extends Error {}

/**
 * A provider call failed; the message is the provider's own words. `refused`: it answered and said
 * no for good (a declined card, an invalid request such as a refund over what is left), so the same
 * call would fail again; otherwise it could not be reached or failed on its side (network, 5xx, rate
 * limit) and a retry may succeed. `reason` is the provider's code for a refusal (card_declined).
 */
export class ProviderError extends Error {
  readonly refused: boolean;
  readonly reason: string | undefined;
  constructor(message: string, o: { refused?: boolean; reason?: string; cause?: unknown } = {}) {
    super(message, { cause: o.cause });
    this.refused = o.refused ?? false;
    this.reason = o.reason;
  }
}

export interface PaymentProvider {
  /** The name a checkout chooses it by ('test', 'stripe'). */
  readonly name: string;
  /**
   * Starts (or, called again for the same order, returns the already started) payment of an order:
   * writes its `payments` row and asks the provider with the order id as idempotency key.
   * Idempotent per order id, because checkout calls it again when a retried request finds the order
   * placed but no response stored. Runs outside any transaction that holds stock.
   */
  startPayment(order: PayableOrder): Promise<StartedPayment>;
  /**
   * Optional, for a provider whose own state lives in the shop's database (the test provider):
   * starts the payment inside the checkout's transaction, so the order, its payment and the start
   * commit together and the checkout writes nothing after its commit. `writes` runs writes only
   * (a statementBatch's runner: their results are not known yet). A provider behind an API never
   * implements it: no network call runs while the checkout holds its locks.
   */
  startInCheckout?(writes: Runner, order: PayableOrder): Promise<PaymentStart>;
  /** Captures an authorised payment (providers that capture on confirmation treat it as a no-op). */
  capture(providerRef: string): Promise<void>;
  /** Cancels a payment not yet captured (an order cancelled or expired before paying). */
  cancel(providerRef: string): Promise<void>;
  /**
   * Refunds `amountMinor` of a captured payment; `idempotencyKey` (the refund's id) makes a retried
   * call refund once. Returns the provider's refund id.
   */
  refund(r: {
    providerRef: string;
    amountMinor: number;
    currency: string;
    idempotencyKey: string;
  }): Promise<{ refundRef: string }>;
  /**
   * Checks a webhook's signature over the raw body, exactly as received, and parses it. Throws
   * WebhookSignatureError for a bad signature; null for an event type the shop does not act on.
   */
  verifyWebhook(rawBody: Uint8Array, headers: Headers): Promise<PaymentWebhookEvent | null>;
}

/** The providers a deployment offers, by name. */
export type PaymentProviders = ReadonlyMap<string, PaymentProvider>;
