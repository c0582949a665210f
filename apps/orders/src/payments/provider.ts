/**
 * The seam between the order side (checkout, state machine) and the payment side (providers,
 * webhooks, refunds). The order side needs only `startPayment`; everything else a provider does
 * (confirm or capture, cancel, refund, verify and parse a webhook) is the payment side's and is
 * added to this interface there. Adding a provider touches no checkout code: checkout looks the
 * provider up by the name the client chose, in the registry it was given.
 */

/** What a provider is told about the order it is to charge: the stored totals, never recomputed. */
export type PayableOrder = {
  id: string;
  userId: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** orders.total_minor: subtotal + shipping, computed once at checkout. */
  totalMinor: number;
  email: string | null;
};

/** What the client needs to pay: a Stripe-style client secret, or a URL to confirm at. */
export type StartedPayment = {
  /** payments.id of the row the provider wrote for this attempt. */
  paymentId: string;
  clientSecret?: string | null;
  confirmationUrl?: string | null;
};

export interface PaymentProvider {
  /** The name a checkout chooses it by ('test', 'stripe'). */
  readonly name: string;
  /**
   * Starts (or, called again for the same order, returns the already started) payment of an order:
   * writes its `payments` row and asks the provider. Idempotent per order id, because checkout calls
   * it again when a retried request finds the order placed but no response stored (a crash or a
   * provider outage between the two). Runs outside any transaction that holds stock.
   */
  startPayment(order: PayableOrder): Promise<StartedPayment>;
}

/** The providers a deployment offers, by name. */
export type PaymentProviders = ReadonlyMap<string, PaymentProvider>;
