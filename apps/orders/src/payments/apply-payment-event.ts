import {
  DatabaseUnavailableError,
  type Db,
  findOrderPayment,
  findPaymentById,
  findPaymentByProviderRef,
  findPaymentEvent,
  insertPaymentEvent,
  insertRefund,
  isLockWaitTimeout,
  isTransactionConflict,
  isUniqueViolation,
  lockOrderRow,
  type OrderRow,
  type PaymentRow,
  setPaymentEventOutcome,
  setPaymentStatus,
  type Trx,
} from '@greencommerce/db';
import { AppError, type Logger, unavailable } from '@greencommerce/http';
import { markOrderPaid, recordPaymentFailed } from './order-effects';
import { type PaymentProviders, type PaymentWebhookEvent, ProviderError } from './provider';
import { applyRefundTotal } from './refund-events';

export type EventOutcome = {
  outcome: 'applied' | 'ignored' | 'duplicate' | 'parked';
  note?: string;
  /** A payment captured for an order already cancelled or expired: refunded in full after the commit. */
  refundClosed?: { paymentId: string; orderId: string; providerRef: string; amountMinor: number; currency: string };
};

/** The note of an event whose captured payment is still to be refunded (a redelivery tries again). */
const NEEDS_REFUND = 'needs refund: ';

/** Thrown inside the transaction to roll it back: the event is not recorded, so its redelivery is looked at again. */
class Hold extends Error {}
/** Recorded as refused (the transaction commits that), then answered 400. */
type Refused = { outcome: 'refused'; note: string };

const PAID_STATES = ['paid', 'partially_refunded', 'refunded', 'fulfilled'];

/**
 * Applies one verified provider event exactly once. Its id is inserted into payment_events as the
 * transaction's first statement (the primary key makes a concurrent duplicate wait, then find it
 * taken), the order row is locked, and the transition and its outbox event commit with it, so any
 * number of deliveries, in any order, end in one state:
 * - succeeded: pending_payment → paid with one OrderPaid; after a failed attempt too (a retried card);
 *   a later `failed` for a payment that succeeded is ignored; a success for an order cancelled or
 *   expired meanwhile changes nothing and the money is refunded in full after the commit.
 * - refunded (the provider's running total): the part not yet known is recorded as a refund
 *   (applyRefundTotal); while one of our refunds of the order waits for the provider's answer, the
 *   event is parked and applied when that refund settles. A refund for an order not yet paid is
 *   held: 409, not recorded, so the provider redelivers it after the `succeeded` that must come first.
 * - amount or currency differing from the order: recorded as refused, logged, 400, no transition.
 */
export async function applyPaymentEvent(
  deps: { db: Db; logger: Logger; payments: PaymentProviders },
  provider: string,
  event: PaymentWebhookEvent,
): Promise<EventOutcome> {
  let result: EventOutcome | Refused | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      result = await deps.db.transaction().execute((trx) => applyInTransaction(trx, deps.logger, provider, event));
      break;
    } catch (err) {
      if (err instanceof Hold) throw new AppError('CONFLICT', err.message);
      // A deadlock between two events of one order: run it again (the loser saw nothing committed).
      if (isTransactionConflict(err) && attempt < 5) continue;
      // Still losing, or a lock wait that timed out: the database is too busy, a 503 the provider
      // retries (nothing was recorded), never a 500.
      if (isTransactionConflict(err) || isLockWaitTimeout(err)) throw new DatabaseUnavailableError(err);
      throw err;
    }
  }
  if (result.outcome === 'refused') {
    deps.logger.warn({ provider, eventId: event.providerEventId, note: result.note }, 'payment event refused');
    throw new AppError('BAD_REQUEST', result.note);
  }
  if (result.refundClosed) await refundClosedOrderPayment(deps, provider, event.providerEventId, result.refundClosed);
  return result;
}

/**
 * Gives back money captured for an order that was cancelled or expired meanwhile (a card confirmed
 * as the order closed). Idempotent: the provider call's key is made from the payment, and the
 * refund row's provider reference is unique. The provider unreachable is a 503, so it sends the
 * event again and its duplicate tries again; the provider refusing is recorded and acknowledged.
 */
async function refundClosedOrderPayment(
  deps: { db: Db; logger: Logger; payments: PaymentProviders },
  providerName: string,
  providerEventId: string,
  r: NonNullable<EventOutcome['refundClosed']>,
) {
  const provider = deps.payments.get(providerName);
  if (!provider) return;
  let refundRef: string;
  try {
    ({ refundRef } = await provider.refund({
      providerRef: r.providerRef,
      amountMinor: r.amountMinor,
      currency: r.currency,
      idempotencyKey: `closed-${r.paymentId}`,
    }));
  } catch (err) {
    if (err instanceof ProviderError && err.refused) {
      // Asking again would be refused again, and a 503 would have the provider resend the event for
      // days: the event is acknowledged and the refusal recorded on it, for a person to look at.
      deps.logger.error(
        { err, orderId: r.orderId, paymentId: r.paymentId, reason: err.reason },
        'the provider refused to refund the captured payment of a closed order: needs a person',
      );
      await setPaymentEventOutcome(deps.db, providerName, providerEventId, {
        outcome: 'ignored',
        note: `automatic refund refused by ${providerName} (${err.reason ?? 'refused'}): the order was closed; needs a person`,
      });
      return;
    }
    deps.logger.error({ err, orderId: r.orderId, paymentId: r.paymentId }, 'refund of a closed order failed');
    throw unavailable(`payment provider ${providerName}`);
  }
  await deps.db.transaction().execute(async (trx) => {
    await setPaymentEventOutcome(trx, providerName, providerEventId, {
      outcome: 'ignored',
      note: `refunded automatically (${refundRef}): the order was closed`,
    });
    try {
      await insertRefund(trx, {
        id: crypto.randomUUID(),
        orderId: r.orderId,
        paymentId: r.paymentId,
        amountMinor: r.amountMinor,
        currency: r.currency,
        providerRef: refundRef,
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  });
  deps.logger.warn(
    { orderId: r.orderId, paymentId: r.paymentId, refundRef },
    'captured payment of a closed order refunded',
  );
}

async function applyInTransaction(
  trx: Trx,
  logger: Logger,
  provider: string,
  e: PaymentWebhookEvent,
): Promise<EventOutcome | Refused> {
  const fresh = await insertPaymentEvent(trx, {
    provider,
    providerEventId: e.providerEventId,
    type: e.providerType,
    paymentId: null,
    orderId: null,
    outcome: 'applied',
  });
  if (!fresh) {
    const seen = await findPaymentEvent(trx, provider, e.providerEventId);
    // A refused event stays refused, however often it is sent.
    if (seen?.outcome === 'refused') return { outcome: 'refused', note: seen.note ?? 'refused before' };
    // Its refund failed last time: try again.
    const unpaid =
      seen?.note?.startsWith(NEEDS_REFUND) && seen.payment_id ? await findPaymentById(trx, seen.payment_id) : undefined;
    if (unpaid?.provider_ref) {
      return { outcome: 'duplicate', note: seen?.note ?? '', refundClosed: closedRefund(unpaid, unpaid.provider_ref) };
    }
    return { outcome: 'duplicate', note: `already ${seen?.outcome ?? 'seen'}` };
  }
  const record = async <T extends EventOutcome | Refused>(
    r: T,
    payment?: PaymentRow,
    order?: OrderRow,
    parkedTotal?: number,
  ) => {
    await setPaymentEventOutcome(trx, provider, e.providerEventId, {
      outcome: r.outcome === 'duplicate' ? 'ignored' : r.outcome,
      note: r.note ?? null,
      paymentId: payment?.id ?? null,
      orderId: order?.id ?? null,
      ...(parkedTotal !== undefined && { amountMinor: parkedTotal }),
    });
    return r;
  };

  // Found by its reference; or, when the event names the order and the start was not yet recorded
  // (a crash between asking the provider and storing its answer), by the order.
  let found = await findPaymentByProviderRef(trx, provider, e.providerRef);
  if (!found && e.orderId) {
    const byOrder = await findOrderPayment(trx, e.orderId, provider);
    if (byOrder && byOrder.provider_ref === null) found = byOrder;
  }
  if (!found) return record({ outcome: 'ignored', note: 'no payment with this reference' });
  const order = await lockOrderRow(trx, found.order_id);
  if (!order) return record({ outcome: 'ignored', note: 'the order is gone' }, found);
  // Read again under the order's lock: what a racing event did is visible now.
  const payment = (await findPaymentById(trx, found.id)) ?? found;

  const total = Number(order.total_minor);
  if (e.currency !== order.currency || e.currency !== payment.currency) {
    return record(
      { outcome: 'refused', note: `currency ${e.currency} differs from the order's ${order.currency}` },
      payment,
      order,
    );
  }
  if (e.type !== 'refunded' && (e.amountMinor !== total || e.amountMinor !== Number(payment.amount_minor))) {
    return record(
      { outcome: 'refused', note: `amount ${e.amountMinor} differs from the order's total ${total} ${order.currency}` },
      payment,
      order,
    );
  }
  if (e.type === 'refunded' && e.amountMinor > total) {
    return record(
      { outcome: 'refused', note: `refunded ${e.amountMinor} exceeds the order's total ${total} ${order.currency}` },
      payment,
      order,
    );
  }

  switch (e.type) {
    case 'succeeded': {
      await setPaymentStatus(trx, payment.id, ['pending', 'requires_action', 'failed'], 'succeeded');
      if (await markOrderPaid(trx, order, payment))
        return record({ outcome: 'applied', note: 'order paid' }, payment, order);
      if (PAID_STATES.includes(order.status))
        return record({ outcome: 'ignored', note: 'order already paid' }, payment, order);
      // Money taken for an order that expired or was cancelled meanwhile: it goes back after the commit.
      logger.warn(
        { orderId: order.id, paymentId: payment.id, status: order.status },
        'payment succeeded for a closed order',
      );
      return record(
        {
          outcome: 'ignored',
          note: `${NEEDS_REFUND}order is ${order.status}`,
          refundClosed: closedRefund(payment, e.providerRef),
        },
        payment,
        order,
      );
    }
    case 'failed': {
      const reason = e.reason ?? 'payment failed';
      if (payment.status === 'succeeded') {
        return record({ outcome: 'ignored', note: 'payment already succeeded' }, payment, order);
      }
      await setPaymentStatus(trx, payment.id, ['pending', 'requires_action', 'failed'], 'failed', reason.slice(0, 500));
      if (order.status !== 'pending_payment') {
        return record({ outcome: 'ignored', note: `order is ${order.status}` }, payment, order);
      }
      await recordPaymentFailed(trx, order, payment, reason);
      return record({ outcome: 'applied', note: `payment failed: ${reason}` }, payment, order);
    }
    case 'refunded': {
      if (order.status === 'pending_payment') throw new Hold('A refund for an order not yet paid: send it again later');
      const r = await applyRefundTotal(trx, order, payment, e.providerEventId, e.amountMinor);
      return record(r, payment, order, r.outcome === 'parked' ? e.amountMinor : undefined);
    }
  }
}

const closedRefund = (p: PaymentRow, providerRef: string): NonNullable<EventOutcome['refundClosed']> => ({
  paymentId: p.id,
  orderId: p.order_id,
  providerRef,
  amountMinor: Number(p.amount_minor),
  currency: p.currency,
});
