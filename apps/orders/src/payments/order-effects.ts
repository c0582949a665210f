import { findOrderLines, type OrderRow, type Trx, transitionOrder } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { orderReceipt } from '../services/order-view';

// The order transitions a payment causes, each one conditional update plus its outbox event in the
// caller's transaction. (The state machine's own module may take these over; the guards are the same.)

/** The receipt the order events carry: the order side's orderReceipt, with the order's stored lines. */
const receipt = async (trx: Trx, order: OrderRow) => orderReceipt(order, await findOrderLines(trx, [order.id]));

/** pending_payment → paid with OrderPaid; false when the order is not pending (already paid, cancelled, expired). */
export async function markOrderPaid(trx: Trx, order: OrderRow, payment: { id: string; provider: string }) {
  const moved = await transitionOrder(trx, order.id, ['pending_payment'], 'paid', {
    paid_at: new Date(),
    payment_id: payment.id,
  });
  if (moved) {
    await enqueueEvent(trx, 'OrderPaid', {
      ...(await receipt(trx, order)),
      paymentId: payment.id,
      provider: payment.provider,
    });
  }
  return moved;
}

/** PaymentFailed for a pending order; the order stays pending_payment (another card may pay it). */
export async function recordPaymentFailed(
  trx: Trx,
  order: OrderRow,
  payment: { id: string; provider: string },
  reason: string,
) {
  await enqueueEvent(trx, 'PaymentFailed', {
    orderId: order.id,
    userId: order.user_id,
    email: order.customer_email,
    paymentId: payment.id,
    provider: payment.provider,
    reason,
    currency: order.currency,
    totalMinor: Number(order.total_minor),
  });
}

/**
 * The status a refund total leaves a paid order in, bumped in one conditional update with the
 * refund's OrderRefunded. The amount itself was already added (reserved) by addOrderRefunded.
 */
export async function markOrderRefunded(
  trx: Trx,
  order: OrderRow,
  refund: { id: string; amountMinor: number },
  refundedMinor: number,
) {
  const full = refundedMinor >= Number(order.total_minor);
  await transitionOrder(
    trx,
    order.id,
    full ? ['paid', 'partially_refunded'] : ['paid'],
    full ? 'refunded' : 'partially_refunded',
    full ? { closed_at: new Date() } : {},
  );
  await enqueueEvent(trx, 'OrderRefunded', {
    ...(await receipt(trx, order)),
    refundId: refund.id,
    amountMinor: refund.amountMinor,
    refundedMinor,
    full,
  });
}
