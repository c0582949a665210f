import { type Db, findOrderPayment, type OrderRow } from '@greencommerce/db';
import type { Logger } from '@greencommerce/http';
import type { PaymentProviders } from '../payments/provider';

/**
 * After an order was cancelled or expired (committed): asks its provider to cancel the payment, so
 * the customer can no longer pay for an order whose stock went back. Best effort: a failure is
 * logged, never undoes the cancellation; a payment that succeeds anyway reaches the payment side's
 * webhook handling, which finds the order no longer pending.
 */
export async function cancelOrderPayment(
  deps: { db: Db; payments: PaymentProviders; logger: Logger },
  order: Pick<OrderRow, 'id' | 'payment_provider'>,
): Promise<void> {
  try {
    const provider = deps.payments.get(order.payment_provider);
    const payment = await findOrderPayment(deps.db, order.id, order.payment_provider);
    if (!provider || !payment?.provider_ref || payment.status === 'succeeded') return;
    await provider.cancel(payment.provider_ref);
  } catch (err) {
    deps.logger.warn({ err, orderId: order.id }, 'cancelling the payment of a closed order failed');
  }
}
