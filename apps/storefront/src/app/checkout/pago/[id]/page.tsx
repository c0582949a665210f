import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { CancelOrderForm } from '@/components/cancel-order-form';
import { formatPrice } from '@/lib/money';
import { getOrder } from '@/lib/order-data';
import { formatDateTime, orderNumber } from '@/lib/order-format';
import { canPay } from '@/lib/order-status';
import { requireSignedIn } from '@/lib/require-session';
import { CardForm } from './card-form';

export const metadata: Metadata = { title: 'Pago' };

export default async function PaymentPage({ params }: PageProps<'/checkout/pago/[id]'>) {
  await requireSignedIn();
  const { id } = await params;
  const order = await getOrder(id);
  // Paid, being paid, cancelled or expired: the order's own page says which.
  if (!canPay(order) || !order.paymentId) redirect(`/pedidos/${order.id}`);
  return (
    <>
      <h1>Pago del pedido {orderNumber(order.id)}</h1>
      <div className="checkout">
        <section className="panel" aria-labelledby="pay-summary">
          <h2 id="pay-summary">Resumen</h2>
          <ul className="summary-lines">
            {order.lines.map((l) => (
              <li key={l.productId}>
                <span>
                  {l.quantity} × {l.name}
                </span>
                <span>{formatPrice(l.lineTotal, order.currency)}</span>
              </li>
            ))}
            <li>
              <span>Envío</span>
              <span>{formatPrice(order.shipping, order.currency)}</span>
            </li>
          </ul>
          <p className="summary-total">
            Total <strong className="price">{formatPrice(order.total, order.currency)}</strong>
          </p>
          <p className="hint">
            Tienes hasta el {formatDateTime(order.expiresAt)} para pagar; hasta entonces tus productos están reservados.
          </p>
        </section>
        <section className="panel" aria-labelledby="card-title">
          <h2 id="card-title">Tarjeta</h2>
          <CardForm orderId={order.id} paymentId={order.paymentId} />
          <CancelOrderForm orderId={order.id} />
        </section>
      </div>
    </>
  );
}
