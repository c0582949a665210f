import { type Db, findOrder, findPaymentById, toDate } from '@greencommerce/db';
import { AppError, type Logger, type Principal } from '@greencommerce/http';
import { closedOrderRefusal, refuseIfClosedMeanwhile } from '../services/cancel-payment';
import { type PaymentProviders, payableOrder } from './provider';
import { IntentNotConfirmable, TestPaymentProvider, UnknownTestCard } from './test-provider';

export type ConfirmDeps = {
  db: Db;
  logger: Logger;
  payments: PaymentProviders;
  /** Sends due test webhooks now rather than at the delivery loop's next turn. */
  deliverTestWebhooks?: () => Promise<unknown>;
};

/**
 * The owner pays a `test` payment with a test card. The answer says what the card did; the order
 * learns it only from the webhook this causes (sent before answering when it can be, retried by the
 * delivery loop when not). Anyone but the owner gets 404, as for an unknown payment.
 */
export async function confirmTestPayment(deps: ConfirmDeps, caller: Principal, paymentId: string, cardNumber: string) {
  const payment = await findPaymentById(deps.db, paymentId);
  const order = payment && (await findOrder(deps.db, payment.order_id));
  const provider = payment && deps.payments.get(payment.provider);
  if (!payment || !order || order.user_id !== caller.userId || !(provider instanceof TestPaymentProvider)) {
    throw new AppError('NOT_FOUND', 'Payment not found');
  }
  if (order.status !== 'pending_payment') throw new AppError('CONFLICT', `The order is ${order.status}`);
  // Past its deadline the sweeper is about to expire it and give its stock back: a charge now would
  // only be refunded again. (One that slips past this check is refunded by the webhook handling.)
  if (toDate(order.expires_at).getTime() <= Date.now()) {
    throw new AppError('CONFLICT', 'The order was not paid in time: its payment deadline has passed');
  }
  // The order names its payment from its first write, so a checkout stopped before the provider was
  // asked (a restart, the database failing at that moment) leaves one that was never started, which
  // the order's page offers to pay all the same: started here, as a resumed checkout would (once per
  // order, however many ask).
  let ref = payment.provider_ref;
  if (ref === null) {
    ref = (await provider.startPayment(payableOrder(order, payment.id, false))).providerRef;
    await refuseIfClosedMeanwhile(deps, order, ref, closedOrderRefusal);
  }
  let outcome: Awaited<ReturnType<TestPaymentProvider['confirm']>>;
  try {
    outcome = await provider.confirm(ref, cardNumber);
  } catch (err) {
    if (err instanceof IntentNotConfirmable) throw new AppError('CONFLICT', err.message);
    if (err instanceof UnknownTestCard) {
      throw new AppError('VALIDATION_FAILED', 'Request body is invalid', [
        {
          path: 'cardNumber',
          message: 'must be one of the test cards (4242 4242 4242 4242, 4000 0000 0000 0002, 4000 0000 0000 9995)',
        },
      ]);
    }
    throw err;
  }
  try {
    await deps.deliverTestWebhooks?.();
  } catch (err) {
    deps.logger.warn({ err, paymentId }, 'test webhook delivery failed; the delivery loop retries it');
  }
  return { paymentId, orderId: order.id, ...outcome };
}
