import type { ClosedOrderOutcome } from '@greencommerce/contracts';
import { clearPaymentCancelOwed, type Db, findOrder, findOrderPayment, type OrderRow } from '@greencommerce/db';
import { AppError, type Logger } from '@greencommerce/http';
import { type PaymentProviders, ProviderError } from '../payments/provider';

type CancelDeps = { db: Db; payments: PaymentProviders; logger: Logger };

/**
 * After an order was cancelled or expired (committed): asks its provider to cancel the payment, so
 * the customer can no longer pay for an order whose stock went back. Best effort: a failure is
 * logged, never undoes the cancellation; a payment that succeeds anyway reaches the payment side's
 * webhook handling, which finds the order no longer pending.
 */
export async function cancelOrderPayment(
  deps: CancelDeps,
  order: Pick<OrderRow, 'id' | 'payment_provider'>,
): Promise<void> {
  try {
    const payment = await findOrderPayment(deps.db, order.id, order.payment_provider);
    if (!payment?.provider_ref || payment.status === 'succeeded') return;
    await cancelAtProvider(deps, order, payment.provider_ref);
  } catch (err) {
    deps.logger.warn({ err, orderId: order.id }, 'cancelling the payment of a closed order failed');
  }
}

/**
 * Cancels one started payment of a closed order at its provider. 'refused': the provider answered
 * no for good (Stripe: the intent was paid or cancelled already), asking again changes nothing;
 * 'failed': it could not be reached, a retry may succeed. Both logged. Once the provider answered,
 * a cancel owed by an account's deletion (payments.cancel_owed_since) is cleared, whichever path
 * asked: the orders sweeper does not ask again.
 */
export async function cancelAtProvider(
  deps: CancelDeps,
  order: Pick<OrderRow, 'id' | 'payment_provider'>,
  providerRef: string,
): Promise<'cancelled' | 'refused' | 'failed'> {
  let outcome: 'cancelled' | 'refused' = 'cancelled';
  try {
    await deps.payments.get(order.payment_provider)?.cancel(providerRef);
  } catch (err) {
    deps.logger.warn({ err, orderId: order.id }, 'cancelling the payment of a closed order failed');
    if (!(err instanceof ProviderError && err.refused)) return 'failed';
    outcome = 'refused';
  }
  try {
    await clearPaymentCancelOwed(deps.db, order.payment_provider, providerRef);
  } catch (err) {
    // The provider answered; asking it again (the sweeper, next run) changes nothing.
    deps.logger.warn({ err, orderId: order.id }, 'clearing the owed cancel of a payment failed');
  }
  return outcome;
}

/**
 * Called once a payment started for an order that was open a moment before (a resumed checkout, a
 * card sent to a payment never started) is recorded. A cancel or expiry that committed in between
 * found nothing to cancel at the provider (cancelOrderPayment above): the order is read again, and if
 * it closed, the payment just started (`providerRef`) is cancelled and the caller gets a 409, instead
 * of a charge the webhook would only refund. A cancel that commits after this read finds the start
 * recorded and cancels it itself.
 */
export async function refuseIfClosedMeanwhile(
  deps: CancelDeps,
  order: Pick<OrderRow, 'id' | 'payment_provider'>,
  providerRef: string,
  refusal: (closed: ClosedOrderOutcome) => AppError = closedOrderConflict,
): Promise<void> {
  const status = (await findOrder(deps.db, order.id))?.status;
  if (status !== 'cancelled' && status !== 'expired') return;
  // Refused or unreachable, the cancel leaves a payment that may succeed: the webhook refunds it.
  const payment = (await cancelAtProvider(deps, order, providerRef)) === 'cancelled' ? 'cancelled' : 'refunded';
  throw refusal({ order: { id: order.id, status }, payment });
}

const paymentOutcome = {
  not_started: 'nothing will be charged',
  cancelled: 'its payment is cancelled',
  refunded: 'a payment made for it all the same is refunded',
} as const satisfies Record<ClosedOrderOutcome['payment'], string>;

/**
 * The 409 of a card sent to a payment whose order closed meanwhile (POST /payments/:id/confirm): no
 * key to start over with, and that route documents the plain error body.
 */
export const closedOrderRefusal = ({ order, payment }: ClosedOrderOutcome) =>
  new AppError('CONFLICT', `The order ${order.id} is ${order.status}: ${paymentOutcome[payment]}`);

/**
 * The 409 of a checkout whose order closed before its payment could go on; `closedOrder` tells the
 * client what became of the customer's money (the route's 409 schema, CheckoutConflictBody).
 */
export const closedOrderConflict = (closedOrder: ClosedOrderOutcome) =>
  new AppError(
    'CONFLICT',
    `The order ${closedOrder.order.id} placed with this Idempotency-Key is ${closedOrder.order.status}: ${paymentOutcome[closedOrder.payment]}; check out again with a new key`,
    undefined,
    undefined,
    { closedOrder },
  );
