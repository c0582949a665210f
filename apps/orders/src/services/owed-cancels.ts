import { clearPaymentCancelOwed, type Db, findCancelOwedPayments, type PaymentStatus, toDate } from '@greencommerce/db';
import type { Logger } from '@greencommerce/http';
import type { PaymentProviders } from '../payments/provider';
import { cancelAtProvider } from './cancel-payment';

/**
 * A cancel owed this long is given up: the provider has failed every run for a day, which is for a
 * person to look at. A payment made meanwhile is refunded by the webhook path all the same.
 */
const GIVE_UP_MS = 24 * 3_600_000;

type Deps = { db: Db; payments: PaymentProviders; logger: Logger };

/**
 * The orders sweeper's part: cancels at their provider the payments marked as owing it (orders an
 * account's deletion cancelled), the oldest mark first, at most `limit`. A mark is cleared once the
 * provider answered (cancelAtProvider), or when there is nothing to ask any more; a failure keeps it
 * for the next run, and the provider's other payments wait for that run too (each call would wait
 * out its timeouts). Asking twice (two sweepers once a lease ran out mid-run, or another path
 * cancelling the payment a moment before) changes nothing: the test provider's cancel is a conditional move and
 * Stripe refuses to cancel an intent cancelled already, a refusal that counts as its answer.
 * Returns how many the providers answered.
 */
export async function cancelOwedPayments(deps: Deps, now: Date, limit: number): Promise<number> {
  let answered = 0;
  const failing = new Set<string>();
  for (const p of await findCancelOwedPayments(deps.db, limit)) {
    const dropped = noLongerAsked(p, now, deps.payments);
    if (dropped) {
      deps.logger[dropped.level]({ orderId: p.order_id, paymentId: p.id, provider: p.provider }, dropped.msg);
      await clearPaymentCancelOwed(deps.db, p.provider, p.provider_ref);
      continue;
    }
    if (failing.has(p.provider)) continue;
    const outcome = await cancelAtProvider(deps, { id: p.order_id, payment_provider: p.provider }, p.provider_ref);
    if (outcome === 'failed') failing.add(p.provider);
    else answered++;
  }
  return answered;
}

/** Why a marked payment is not to be asked for its cancel any more; undefined when it still is. */
function noLongerAsked(
  p: { provider: string; status: PaymentStatus; cancel_owed_since: Date | string },
  now: Date,
  providers: PaymentProviders,
): { level: 'error' | 'warn' | 'info'; msg: string } | undefined {
  if (now.getTime() - toDate(p.cancel_owed_since).getTime() > GIVE_UP_MS) {
    return { level: 'error', msg: 'owed payment cancel given up after a day: the payment may still be payable' };
  }
  // Paid before the cancel got there: the payment side refunds it (its order is not pending).
  if (p.status === 'succeeded') return { level: 'info', msg: 'owed payment cancel dropped: the payment succeeded' };
  if (!providers.has(p.provider)) {
    return { level: 'warn', msg: 'owed payment cancel dropped: its provider is not configured any more' };
  }
  return undefined;
}
