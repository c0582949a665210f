import {
  type Db,
  deletePayment,
  findOrderPayment,
  findPaymentByProviderRef,
  insertPayment,
  setOrderPayment,
  setPaymentStarted,
} from '@greencommerce/db';
import type { PayableOrder, StartedPayment } from './provider';

/** What a provider's API answers when asked to start a payment. */
export type ProviderStart = { providerRef: string; clientSecret?: string | null; confirmationUrl?: string | null };

/**
 * The part of startPayment every provider shares: the order's `payments` row, written before the
 * provider is asked (so a webhook always finds it) and completed with the provider's answer.
 * Called again for the same order it returns the same payment; two calls at once both ask the
 * provider with the order id as idempotency key, get the same reference, and the unique
 * (provider, provider_ref) index keeps one row.
 */
export async function startRecordedPayment(
  db: Db,
  provider: string,
  order: PayableOrder,
  ask: (paymentId: string) => Promise<ProviderStart>,
): Promise<StartedPayment> {
  const existing = order.placedNow ? undefined : await findOrderPayment(db, order.id, provider);
  if (existing?.provider_ref) return started(existing);
  const paymentId = existing?.id ?? crypto.randomUUID();
  if (!existing) {
    await insertPayment(db, {
      id: paymentId,
      orderId: order.id,
      provider,
      amountMinor: order.totalMinor,
      currency: order.currency,
    });
  }
  const answer = await ask(paymentId);
  const s = {
    providerRef: answer.providerRef,
    clientSecret: answer.clientSecret ?? null,
    confirmationUrl: answer.confirmationUrl ?? null,
  };
  if (!(await setPaymentStarted(db, paymentId, s))) {
    // A concurrent start of this order recorded the same reference first: use its row.
    const winner = await findPaymentByProviderRef(db, provider, s.providerRef);
    if (!winner) throw new Error('payment reference vanished');
    if (winner.id !== paymentId) await deletePayment(db, paymentId);
    await setOrderPayment(db, order.id, winner.id);
    return started(winner);
  }
  await setOrderPayment(db, order.id, paymentId);
  return { paymentId, ...s };
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
