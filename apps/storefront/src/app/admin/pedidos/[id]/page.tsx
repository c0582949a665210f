import type { Metadata } from 'next';
import Link from 'next/link';
import { OrderDetail } from '@/components/order-detail';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import { formatPrice } from '@/lib/money';
import { getOrder } from '@/lib/order-data';
import { orderNumber } from '@/lib/order-format';
import { canCancel, canFulfil, canRefund } from '@/lib/order-status';
import { requireAdmin } from '@/lib/require-session';
import { AdminCancelForm, FulfilForm, RefundForm } from './order-actions';

export const metadata: Metadata = { title: 'Pedido' };

export default async function AdminOrder({ params }: PageProps<'/admin/pedidos/[id]'>) {
  await requireAdmin();
  const order = await getOrder((await params).id);
  const left = Math.round((order.total - order.refunded) * 100) / 100;
  const actions = canFulfil(order.status) || canCancel(order.status) || canRefund(order.status);
  return (
    <>
      <p>
        <Link href="/admin/pedidos">← Pedidos</Link>
      </p>
      <h1>Pedido {orderNumber(order.id)}</h1>
      <p className="hint">
        {order.id} · Cliente: {order.customer.name ?? '—'} ({order.customer.email ?? `usuario ${order.userId}`})
      </p>
      {actions && (
        <section className="panel" aria-labelledby="admin-actions-title">
          <h2 id="admin-actions-title">Acciones</h2>
          {canFulfil(order.status) && <FulfilForm orderId={order.id} />}
          {canCancel(order.status) && <AdminCancelForm orderId={order.id} />}
          {canRefund(order.status) && (
            <RefundForm
              orderId={order.id}
              idempotencyKey={newIdempotencyKey()}
              left={left.toFixed(2)}
              leftLabel={formatPrice(left, order.currency)}
            />
          )}
        </section>
      )}
      <OrderDetail order={order} />
    </>
  );
}
