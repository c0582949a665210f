import {
  addOrderRefunded,
  type Db,
  deleteRefund,
  findOrder,
  findPaymentById,
  insertRefund,
  lockOrderRow,
  setRefundProviderRef,
} from '@greencommerce/db';
import { AppError, type Logger, unavailable } from '@greencommerce/http';
import { retryConflicts } from '../services/retry-conflicts';
import { markOrderRefunded } from './order-effects';
import { type PaymentProviders, ProviderError } from './provider';

export type RefundResult = {
  id: string;
  orderId: string;
  amountMinor: number;
  currency: string;
  refundedMinor: number;
  status: string;
};

/**
 * Refunds part or all of a paid order through its provider. The amount is first reserved on the
 * order by a conditional update (`refunded_minor + amount <= total_minor`, paid or partly refunded
 * only), so racing refunds can never add up past what was paid; then the provider is asked, outside
 * any transaction, with the refund's id as idempotency key; then the status moves
 * (paid → partially_refunded → refunded) with OrderRefunded. A provider failure gives the
 * reservation back.
 */
export async function refundOrder(
  deps: { db: Db; logger: Logger; payments: PaymentProviders },
  orderId: string,
  amountMinor: number,
): Promise<RefundResult> {
  const { db } = deps;
  const order = await findOrder(db, orderId);
  if (!order) throw new AppError('NOT_FOUND', 'Order not found');
  const payment = order.payment_id ? await findPaymentById(db, order.payment_id) : undefined;
  const provider = payment && deps.payments.get(payment.provider);
  if (!payment?.provider_ref || payment.status !== 'succeeded' || !provider) {
    throw new AppError('CONFLICT', `The order is ${order.status}: there is no captured payment to refund`);
  }
  const providerRef = payment.provider_ref;
  const refundId = crypto.randomUUID();
  await retryConflicts(() =>
    db.transaction().execute(async (trx) => {
      if ((await addOrderRefunded(trx, orderId, amountMinor)) === null) {
        const now = await lockOrderRow(trx, orderId);
        if (now && ['paid', 'partially_refunded'].includes(now.status)) {
          const left = Number(now.total_minor) - Number(now.refunded_minor);
          throw new AppError(
            'CONFLICT',
            `At most ${left} can be refunded (paid ${now.total_minor}, refunded ${now.refunded_minor})`,
            [{ path: 'amount', message: `at most ${left}` }],
          );
        }
        throw new AppError('CONFLICT', `The order is ${now?.status ?? 'gone'}: it cannot be refunded`);
      }
      await insertRefund(trx, {
        id: refundId,
        orderId,
        paymentId: payment.id,
        amountMinor,
        currency: order.currency,
        providerRef: null,
      });
    }),
  );

  let refundRef: string;
  try {
    ({ refundRef } = await provider.refund({
      providerRef,
      amountMinor,
      currency: order.currency,
      idempotencyKey: refundId,
    }));
  } catch (err) {
    await giveBack(db, orderId, refundId, amountMinor);
    deps.logger.warn({ err, orderId, refundId }, 'provider refund failed');
    if (err instanceof ProviderError && err.refused)
      throw new AppError('CONFLICT', `The provider refused: ${err.message}`);
    throw unavailable('payment provider');
  }

  return retryConflicts(() =>
    db.transaction().execute(async (trx) => {
      await setRefundProviderRef(trx, refundId, refundRef);
      const now = await lockOrderRow(trx, orderId);
      if (!now) throw new AppError('NOT_FOUND', 'Order not found');
      const refundedMinor = Number(now.refunded_minor);
      await markOrderRefunded(trx, now, { id: refundId, amountMinor }, refundedMinor);
      const after = await lockOrderRow(trx, orderId);
      return {
        id: refundId,
        orderId,
        amountMinor,
        currency: order.currency,
        refundedMinor,
        status: after?.status ?? now.status,
      };
    }),
  );
}

/** Undoes a reservation whose provider call failed (a status a concurrent refund moved on it comes back too). */
async function giveBack(db: Db, orderId: string, refundId: string, amount: number) {
  await retryConflicts(() =>
    db.transaction().execute(async (trx) => {
      await deleteRefund(trx, refundId);
      await trx
        .updateTable('orders')
        .set((eb) => ({
          refunded_minor: eb('refunded_minor', '-', amount),
          status: eb
            .case()
            .when(eb.and([eb('status', '=', 'refunded'), eb('refunded_minor', '<', eb('total_minor', '+', amount))]))
            .then('partially_refunded' as const)
            .else(eb.ref('status'))
            .end(),
          updated_at: new Date(),
        }))
        .where('id', '=', orderId)
        .where('refunded_minor', '>=', amount)
        .execute();
    }),
  );
}
