import { type Db, findPaymentById, findPaymentByProviderRef, setPaymentStarted } from '@greencommerce/db';
import type { PayableOrder, StartedPayment } from './provider';

/** What a provider's API answers when asked to start a payment. */
export type ProviderStart = { providerRef: string; clientSecret?: string | null; confirmationUrl?: string | null };

/**
 * The part of startPayment every provider shares. The order's `payments` row was written with the
 * order (so a webhook always finds it); this asks the provider once and records its answer on that
 * row. Called again for the same order it returns what was recorded; two calls at once both ask the
 * provider with the order id as idempotency key, get the same reference, and write the same answer
 * to the same row.
 */
export async function startRecordedPayment(
  db: Db,
  provider: string,
  order: PayableOrder,
  ask: (paymentId: string) => Promise<ProviderStart>,
): Promise<StartedPayment> {
  const existing = order.placedNow ? undefined : await findPaymentById(db, order.paymentId);
  if (existing?.provider_ref) return started(existing);
  const answer = await ask(order.paymentId);
  const s = {
    providerRef: answer.providerRef,
    clientSecret: answer.clientSecret ?? null,
    confirmationUrl: answer.confirmationUrl ?? null,
  };
  if (await setPaymentStarted(db, order.paymentId, s)) return { paymentId: order.paymentId, ...s };
  // Another row holds this reference. One of the same order is a start recorded by the code before
  // the payment row was written with the order (two rows for one order, the loser's never removed):
  // that row is the payment the provider knows. Any other is the provider answering for something else.
  const holder = await findPaymentByProviderRef(db, provider, s.providerRef);
  if (holder?.order_id === order.id) return started(holder);
  throw new Error(
    `${provider} answered the payment of order ${order.id} with a reference another order's payment holds`,
  );
}

const started = (p: {
  id: string;
  provider_ref: string | null;
  client_secret: string | null;
  confirmation_url: string | null;
}): StartedPayment => ({
  paymentId: p.id,
  providerRef: p.provider_ref ?? '',
  clientSecret: p.client_secret,
  confirmationUrl: p.confirmation_url,
});
