import type { OrderStatus } from '@greencommerce/contracts';
import {
  type Db,
  findOrder,
  findOrderLines,
  findPendingOrderIdsOfUser,
  lockOrderRow,
  markPaymentsCancelOwed,
  type OrderRow,
  releaseStock,
  retriedTransaction,
  type Trx,
  toDate,
  transitionOrder,
} from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import { orderReceipt } from './order-view';

/**
 * The order state machine's moves made from this side (the payment side makes pending → paid,
 * paid → refunded, in apps/orders/src/payments). Every move is one conditional UPDATE (the status
 * it may leave is the guard) and its outbox event, in one transaction: of any number of racing
 * attempts exactly one moves the order and writes the event; the rest change nothing.
 */

const illegal = (order: OrderRow, to: OrderStatus) =>
  new AppError('CONFLICT', `The order is ${order.status}; it cannot become ${to}`);

/** pending_payment → cancelled or expired: the reserved stock goes back, exactly once (the guard). */
async function closeUnpaid(trx: Trx, order: OrderRow, to: 'cancelled' | 'expired'): Promise<boolean> {
  const moved = await transitionOrder(trx, order.id, ['pending_payment'], to, { closed_at: new Date() });
  if (!moved) return false;
  const lines = await findOrderLines(trx, [order.id]);
  await releaseStock(
    trx,
    lines.map((l) => ({ productId: l.product_id, quantity: l.quantity })),
  );
  return true;
}

type CancelledBy = 'customer' | 'admin' | 'system';

/** POST /orders/:id/cancel by the owner or an admin (access is the caller's to check). */
export async function cancelOrder(db: Db, orderId: string, by: 'customer' | 'admin'): Promise<OrderRow> {
  return retriedTransaction(db, async (trx) => {
    // Locked first: on SQLite the first statement must take the write lock (see lockOrderRow).
    const order = await lockOrderRow(trx, orderId);
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    if (!(await cancelLocked(trx, order, by))) throw illegal((await findOrder(trx, orderId)) ?? order, 'cancelled');
    return (await findOrder(trx, orderId)) as OrderRow;
  });
}

/** pending_payment → cancelled with OrderCancelled, in the caller's transaction; false when the order was not pending. */
async function cancelLocked(trx: Trx, order: OrderRow, by: CancelledBy): Promise<boolean> {
  if (!(await closeUnpaid(trx, order, 'cancelled'))) return false;
  await enqueueEvent(trx, 'OrderCancelled', { ...orderReceipt(order, await findOrderLines(trx, [order.id])), by });
  return true;
}

/**
 * UserDeleted, in the handler's transaction: the account's orders still waiting for payment are
 * cancelled and their stock goes back (no one can pay for them now). Called after the erasure, so
 * their OrderCancelled carries no name or email. Their started payments are only marked as owing a
 * cancel at the provider: no network call runs in a transaction (and the handler may run again);
 * the orders sweeper makes it. Returns how many it cancelled.
 */
export async function cancelPendingOrdersOfUser(trx: Trx, userId: number): Promise<number> {
  let cancelled = 0;
  const now = new Date();
  for (const id of await findPendingOrderIdsOfUser(trx, userId)) {
    const order = await lockOrderRow(trx, id);
    if (!order || !(await cancelLocked(trx, order, 'system'))) continue;
    await markPaymentsCancelOwed(trx, id, now);
    cancelled++;
  }
  return cancelled;
}

/**
 * Expires one overdue pending order (the sweeper); false when it was paid, cancelled or expired
 * meanwhile (by another sweeper, say), in which case nothing at all was written.
 */
export async function expireOrder(db: Db, orderId: string, now = new Date()): Promise<boolean> {
  return retriedTransaction(db, async (trx) => {
    const order = await lockOrderRow(trx, orderId);
    if (order?.status !== 'pending_payment') return false;
    if (toDate(order.expires_at).getTime() > now.getTime()) return false;
    if (!(await closeUnpaid(trx, order, 'expired'))) return false;
    await enqueueEvent(trx, 'OrderExpired', orderReceipt(order, await findOrderLines(trx, [orderId])));
    return true;
  });
}

/**
 * POST /orders/:id/fulfil (admin): paid → fulfilled; a partly refunded order too (an item refunded,
 * the rest still paid for and to be shipped).
 */
export async function fulfilOrder(db: Db, orderId: string): Promise<OrderRow> {
  return retriedTransaction(db, async (trx) => {
    const order = await lockOrderRow(trx, orderId);
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    if (
      !(await transitionOrder(trx, orderId, ['paid', 'partially_refunded'], 'fulfilled', { closed_at: new Date() }))
    ) {
      throw illegal((await findOrder(trx, orderId)) ?? order, 'fulfilled');
    }
    await enqueueEvent(trx, 'OrderFulfilled', orderReceipt(order, await findOrderLines(trx, [orderId])));
    return (await findOrder(trx, orderId)) as OrderRow;
  });
}
