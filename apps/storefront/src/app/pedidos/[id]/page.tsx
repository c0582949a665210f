import type { Metadata } from 'next';
import Link from 'next/link';
import { CancelOrderForm } from '@/components/cancel-order-form';
import { OrderDetail } from '@/components/order-detail';
import { getOrder } from '@/lib/order-data';
import { orderNumber } from '@/lib/order-format';
import { canCancel, canPay } from '@/lib/order-status';
import { nextPoll, POLL_SECONDS, readPoll } from '@/lib/payment-poll';
import { requireSignedIn } from '@/lib/require-session';

export const metadata: Metadata = { title: 'Pedido' };

export default async function OrderPage({ params, searchParams }: PageProps<'/pedidos/[id]'>) {
  await requireSignedIn();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const order = await getOrder(id);
  const poll = readPoll(query);
  const waiting = poll !== undefined && order.status === 'pending_payment';
  const refresh = waiting ? nextPoll(`/pedidos/${order.id}`, poll) : null;
  return (
    <>
      {/* The webhook that marks the order paid arrives on its own time: the page looks again until then. */}
      {refresh && <meta httpEquiv="refresh" content={`${POLL_SECONDS};url=${refresh}`} />}
      <p>
        <Link href="/pedidos">← Tus Pedidos</Link>
      </p>
      <h1>Pedido {orderNumber(order.id)}</h1>
      {waiting && (
        <div className="alert warning" role="status" data-testid="payment-processing">
          {refresh ? (
            <>
              <div className="spinner small" aria-hidden="true" />
              Estamos procesando el pago… esta página se actualizará sola.
            </>
          ) : (
            <>
              El pago sigue en proceso. Vuelve a cargar la página en unos minutos;{' '}
              <Link href={`/pedidos/${order.id}`}>actualizar ahora</Link>.
            </>
          )}
        </div>
      )}
      {poll !== undefined && order.status === 'paid' && (
        <p className="alert success" role="status" data-testid="payment-done">
          ¡Gracias! Recibimos tu pago. Te enviamos el recibo por correo.
        </p>
      )}
      {!waiting && canPay(order) && (
        <div className="alert warning">
          <p>Este pedido espera el pago.</p>
          <p className="actions">
            <Link href={`/checkout/pago/${order.id}`} className="button">
              Pagar ahora
            </Link>
          </p>
        </div>
      )}
      <OrderDetail order={order} />
      {!waiting && canCancel(order.status) && (
        <section className="panel" aria-labelledby="cancel-title">
          <h2 id="cancel-title">¿Ya no lo quieres?</h2>
          <p>Puedes cancelarlo mientras no esté pagado: los productos vuelven a la tienda.</p>
          <CancelOrderForm orderId={order.id} />
        </section>
      )}
    </>
  );
}
