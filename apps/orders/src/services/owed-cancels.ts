import { clearPaymentCancelOwed, type Db, findCancelOwedPayments, toDate } from '@greencommerce/db';
import type { Logger } from '@greencommerce/http';
import type { PaymentProviders } from '../payments/provider';
import { cancelAtProvider } from './cancel-payment';

/**
 * A cancel still failing this long after its mark is given up: the provider has failed for a day,
 * which is for a person to look at. A payment made meanwhile is refunded by the webhook path all
 * the same. Only a mark that was just tried is given up, never one a run did not get to.
 */
const GIVE_UP_MS = 24 * 3_600_000;

type Deps = { db: Db; payments: PaymentProviders; logger: Logger };
type Owed = Awaited<ReturnType<typeof findCancelOwedPayments>>[number];

/**
 * The orders sweeper's part: cancels at their provider the payments marked as owing it (orders an
 * account's deletion cancelled), the oldest mark first, at most `limit`. A mark is cleared once the
 * provider answered (cancelAtProvider), or when there is nothing to ask any more. A failure keeps it
 * for the next run, and the provider's other marks wait for that run too (each call would wait out
 * its timeouts); the rest of this run goes to the other providers' marks, which a failing
 * provider's older ones must not crowd out. Asking twice (two sweepers once a lease ran out
 * mid-run, or another path cancelling the payment a moment before) changes nothing: the test
 * provider's cancel is a conditional move and Stripe refuses to cancel an intent cancelled already,
 * a refusal that counts as its answer. Returns how many the providers answered.
 */
export async function cancelOwedPayments(deps: Deps, now: Date, limit: number): Promise<number> {
  let answered = 0;
  let handled = 0;
  const failing: string[] = [];
  while (handled < limit) {
    const owed = await findCancelOwedPayments(deps.db, limit - handled, failing);
    let failed = false;
    for (const p of owed) {
      handled++;
      const outcome = await settleOwed(deps, p, now);
      if (outcome === 'failed') {
        failing.push(p.provider);
        failed = true;
        break;
      }
      if (outcome === 'answered') answered++;
    }
    // Fetched again without the provider that failed, unless every mark there was is handled.
    if (!failed) break;
  }
  return answered;
}

async function settleOwed(deps: Deps, p: Owed, now: Date): Promise<'answered' | 'failed' | 'dropped'> {
  const where = { orderId: p.order_id, paymentId: p.id, provider: p.provider };
  const drop = async (level: 'error' | 'warn' | 'info', msg: string) => {
    deps.logger[level](where, msg);
    await clearPaymentCancelOwed(deps.db, p.provider, p.provider_ref);
    return 'dropped' as const;
  };
  // Paid before the cancel got there: the payment side refunds it (its order is not pending).
  if (p.status === 'succeeded') return drop('info', 'owed payment cancel dropped: the payment succeeded');
  if (!deps.payments.has(p.provider)) {
    return drop('warn', 'owed payment cancel dropped: its provider is not configured any more');
  }
  const outcome = await cancelAtProvider(deps, { id: p.order_id, payment_provider: p.provider }, p.provider_ref);
  if (outcome !== 'failed') return 'answered';
  if (now.getTime() - toDate(p.cancel_owed_since).getTime() > GIVE_UP_MS) {
    await drop('error', 'owed payment cancel given up after a day of failures: the payment may still be payable');
  }
  return 'failed';
}
