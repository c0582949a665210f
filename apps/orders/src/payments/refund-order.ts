import { type RefundView, toMajorUnits } from '@greencommerce/contracts';
import {
  addOrderRefunded,
  type Db,
  deletePendingRefund,
  findOrder,
  findPaymentById,
  findRefund,
  insertRefund,
  lockOrderRow,
  type RefundRow,
  releaseRefundKey,
  retriedTransaction,
  settleRefund,
  subtractOrderRefunded,
  sumPendingRefunds,
  type Trx,
} from '@greencommerce/db';
import { AppError, type Logger } from '@greencommerce/http';
import { idempotent, requestHash, StartOver } from '../services/idempotency';
import { markOrderRefunded } from './order-effects';
import { type PaymentProviders, ProviderError } from './provider';
import { providerFailure } from './provider-failure';
import { applyParkedRefundEvents } from './refund-events';

export type RefundResult = {
  id: string;
  orderId: string;
  amountMinor: number;
  currency: string;
  refundedMinor: number;
  status: string;
};

type RefundDeps = { db: Db; logger: Logger; payments: PaymentProviders };

/** The answer, as stored under the key and replayed. */
const refundView = (r: RefundResult): RefundView => ({
  id: r.id,
  orderId: r.orderId,
  amount: toMajorUnits(r.amountMinor),
  currency: r.currency,
  refunded: toMajorUnits(r.refundedMinor),
  orderStatus: r.status,
});

/**
 * POST /orders/:id/refunds (admin): refunds part or all of a paid order through its provider, once
 * per Idempotency-Key of the caller (the same mechanism as checkout, see idempotent()).
 *
 * 1. In the transaction that claims the key: the amount reserved on the order by a conditional
 *    update (`refunded_minor + amount <= total_minor`, paid or partly refunded only), so racing
 *    refunds can never add up past what was paid, and the refund written as pending.
 * 2. Outside any transaction: the provider asked, with the refund's id as its idempotency key, and
 *    the refund settled (settlePendingRefund). A retry with the same key, or the sweeper, settles
 *    the same refund: the provider never makes it twice.
 */
export async function refundOrder(
  deps: RefundDeps,
  callerId: number,
  key: string,
  orderId: string,
  amountMinor: number,
): Promise<RefundView> {
  const { db } = deps;
  const refundId = crypto.randomUUID();
  return idempotent<string, RefundView>({
    db,
    userId: callerId,
    key,
    hash: requestHash({ refund: { orderId, amountMinor } }),
    refs: { orderId, refundId },
    transaction: (work) => retriedTransaction(db, work),
    claim: (trx) => reserveRefund(deps, trx, orderId, refundId, amountMinor),
    resume: async (row) => {
      if (!row.refund_id) throw new Error(`idempotency key ${key} names no refund`);
      return row.refund_id;
    },
    finish: async (id) => refundView(await settlePendingRefund(deps, id)),
    status: 201,
    reused: 'This Idempotency-Key was already used with a different request; use a new key for a new refund',
  });
}

async function reserveRefund(deps: RefundDeps, trx: Trx, orderId: string, refundId: string, amountMinor: number) {
  const order = await lockOrderRow(trx, orderId);
  if (!order) throw new AppError('NOT_FOUND', 'Order not found');
  const payment = order.payment_id ? await findPaymentById(trx, order.payment_id) : undefined;
  if (!payment?.provider_ref || payment.status !== 'succeeded' || !deps.payments.has(payment.provider)) {
    throw new AppError('CONFLICT', `The order is ${order.status}: there is no captured payment to refund`);
  }
  if ((await addOrderRefunded(trx, orderId, amountMinor)) === null) {
    if (['paid', 'partially_refunded'].includes(order.status)) {
      const left = Number(order.total_minor) - Number(order.refunded_minor);
      throw new AppError(
        'CONFLICT',
        `At most ${left} can be refunded (paid ${order.total_minor}, refunded ${order.refunded_minor})`,
        [{ path: 'amount', message: `at most ${left}` }],
      );
    }
    throw new AppError('CONFLICT', `The order is ${order.status}: it cannot be refunded`);
  }
  await insertRefund(trx, {
    id: refundId,
    orderId,
    paymentId: payment.id,
    amountMinor,
    currency: order.currency,
    providerRef: null,
  });
  return refundId;
}

/**
 * Asks the provider for a pending refund (its id is the provider's idempotency key) and settles it:
 * - made: the refund gets the provider's id, the order's status moves (paid → partially_refunded →
 *   refunded) with OrderRefunded, once however many settle it at once;
 * - refused for good: the reservation is given back and the key freed (the request stored nothing),
 *   a 402 naming the provider's reason;
 * - provider unreachable: it stays pending (its amount reserved: the provider may have made it), a
 *   503; the same key, or the sweeper, asks again.
 * Whichever way it settles, refund events the provider sent meanwhile are applied then.
 */
export async function settlePendingRefund(deps: RefundDeps, refundId: string): Promise<RefundResult> {
  const { db } = deps;
  const refund = await findRefund(db, refundId);
  // Refused and given back meanwhile (a concurrent request with the key, or the sweeper), its key with it.
  if (!refund) throw new StartOver();
  if (refund.provider_ref === null) {
    const payment = refund.payment_id ? await findPaymentById(db, refund.payment_id) : undefined;
    const provider = payment && deps.payments.get(payment.provider);
    if (!payment?.provider_ref || !provider) throw new Error(`refund ${refundId} has no payment to refund`);
    let refundRef: string;
    try {
      ({ refundRef } = await provider.refund({
        providerRef: payment.provider_ref,
        amountMinor: Number(refund.amount_minor),
        currency: refund.currency,
        idempotencyKey: refundId,
      }));
    } catch (err) {
      if (err instanceof ProviderError && err.refused) await giveBack(db, refund);
      throw providerFailure(deps.logger, provider.name, err, {
        refused: `${provider.name} refused the refund; nothing was refunded`,
        unavailable: 'the refund is pending; retry with the same Idempotency-Key (it is never made twice)',
        log: { orderId: refund.order_id, refundId },
      });
    }
    await confirm(db, refund, refundRef);
  }
  const order = await findOrder(db, refund.order_id);
  if (!order) throw new AppError('NOT_FOUND', 'Order not found');
  return {
    id: refund.id,
    orderId: refund.order_id,
    amountMinor: Number(refund.amount_minor),
    currency: refund.currency,
    refundedMinor: Number(order.refunded_minor),
    status: order.status,
  };
}

/** The provider made the refund: it is settled and the order's status moves, by whichever caller settles it first. */
async function confirm(db: Db, refund: RefundRow, refundRef: string) {
  await retriedTransaction(db, async (trx) => {
    // Locked first: on SQLite the first statement must take the write lock (see lockOrderRow).
    const order = await lockOrderRow(trx, refund.order_id);
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    if (await settleRefund(trx, refund.id, refundRef)) {
      const amountMinor = Number(refund.amount_minor);
      // What the provider made: the order's total less what refunds still waiting reserved (one may
      // yet be refused and given back), so the order is never called refunded in full before it is.
      const made = Number(order.refunded_minor) - (await sumPendingRefunds(trx, refund.order_id));
      await markOrderRefunded(trx, order, { id: refund.id, amountMinor }, made);
    }
    await applyParkedRefundEvents(trx, refund.order_id);
  });
}

/** The provider refused: the reservation comes back and the key is freed, once. */
async function giveBack(db: Db, refund: RefundRow) {
  await retriedTransaction(db, async (trx) => {
    await lockOrderRow(trx, refund.order_id);
    if (await deletePendingRefund(trx, refund.id)) {
      await subtractOrderRefunded(trx, refund.order_id, Number(refund.amount_minor));
      await releaseRefundKey(trx, refund.id);
    }
    await applyParkedRefundEvents(trx, refund.order_id);
  });
}
