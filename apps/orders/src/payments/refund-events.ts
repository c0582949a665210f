import {
  addOrderRefunded,
  countPendingRefunds,
  findParkedRefundEvents,
  findPaymentById,
  insertRefund,
  lockOrderRow,
  type OrderRow,
  type PaymentRow,
  setPaymentEventOutcome,
  type Trx,
} from '@greencommerce/db';
import { markOrderRefunded } from './order-effects';

export type RefundTotalOutcome = { outcome: 'applied' | 'ignored' | 'parked'; note: string };

/**
 * A provider's refund event for a paid order, in the transaction that holds the order's lock. The
 * event carries the provider's running total refunded on the payment, not which refund it is; our
 * total counts the refunds the provider confirmed to us (and those it reported before), plus the
 * amounts reserved by refunds still waiting for its answer. While one waits, its amount may or may
 * not be in the provider's total yet: the event is parked, and applied once every one of the
 * order's refunds has settled (applyParkedRefundEvents). Then only the part we do not know of (a
 * refund made at the provider's dashboard, or one whose answer we never got) is recorded, so the
 * event ends in the same state whether it came before our refund settled or after.
 */
export async function applyRefundTotal(
  trx: Trx,
  order: OrderRow,
  payment: PaymentRow,
  providerEventId: string,
  totalMinor: number,
): Promise<RefundTotalOutcome> {
  // A fulfilled order too: money given back at the provider (a return) is recorded, the order
  // stays fulfilled. Dropping it would leave the shop's books short of what the provider refunded.
  if (!['paid', 'partially_refunded', 'refunded', 'fulfilled'].includes(order.status)) {
    return { outcome: 'ignored', note: `order is ${order.status}` };
  }
  if ((await countPendingRefunds(trx, order.id)) > 0) {
    return { outcome: 'parked', note: 'a refund of ours awaits the provider: applied when it settles' };
  }
  const delta = totalMinor - Number(order.refunded_minor);
  if (delta <= 0) return { outcome: 'ignored', note: 'refund already recorded' };
  const refundedMinor = await addOrderRefunded(trx, order.id, delta, ['paid', 'partially_refunded', 'fulfilled']);
  if (refundedMinor === null) return { outcome: 'ignored', note: 'refund does not fit' };
  const refund = { id: crypto.randomUUID(), amountMinor: delta };
  await insertRefund(trx, {
    id: refund.id,
    orderId: order.id,
    paymentId: payment.id,
    amountMinor: delta,
    currency: order.currency,
    providerRef: `event:${providerEventId}`.slice(0, 255),
  });
  await markOrderRefunded(trx, order, refund, refundedMinor);
  return { outcome: 'applied', note: `refunded ${delta} at the provider` };
}

/**
 * After one of the order's refunds settled (confirmed or given back), in that transaction, with the
 * order locked: once none is pending, the refund events parked meanwhile are applied, in the order
 * they came (each is a running total, so the latest decides and the others add nothing).
 */
export async function applyParkedRefundEvents(trx: Trx, orderId: string): Promise<void> {
  if ((await countPendingRefunds(trx, orderId)) > 0) return;
  for (const event of await findParkedRefundEvents(trx, orderId)) {
    const order = await lockOrderRow(trx, orderId);
    const payment = event.payment_id ? await findPaymentById(trx, event.payment_id) : undefined;
    const result =
      order && payment && event.amount_minor !== null
        ? await applyRefundTotal(trx, order, payment, event.provider_event_id, Number(event.amount_minor))
        : { outcome: 'ignored' as const, note: 'the order or its payment is gone' };
    await setPaymentEventOutcome(trx, event.provider, event.provider_event_id, {
      outcome: result.outcome,
      note: `${result.note} (after our refund settled)`,
    });
  }
}
