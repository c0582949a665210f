import type { Metadata } from 'next';
import Link from 'next/link';
import { OrderStatusBadge } from '@/components/order-status-badge';
import { Pagination } from '@/components/pagination';
import { formatPrice } from '@/lib/money';
import { listMyOrders } from '@/lib/order-data';
import { formatDateTime, orderNumber } from '@/lib/order-format';
import { requireSignedIn } from '@/lib/require-session';

export const metadata: Metadata = { title: 'Tus Pedidos' };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function OrdersPage({ searchParams }: PageProps<'/pedidos'>) {
  await requireSignedIn();
  const cursor = first((await searchParams).cursor);
  const page = await listMyOrders(cursor);
  return (
    <>
      <h1>Tus Pedidos</h1>
      {page.orders.length === 0 ? (
        <section className="state">
          <p>{cursor ? 'No hay más pedidos.' : 'Todavía no has hecho ningún pedido.'}</p>
          <Link href={cursor ? '/pedidos' : '/productos'} className="button">
            {cursor ? 'Volver a la primera página' : 'Ver productos'}
          </Link>
        </section>
      ) : (
        <table className="data-table panel stack" data-testid="orders-table">
          <caption className="visually-hidden">Tus pedidos, del más reciente al más antiguo</caption>
          <thead>
            <tr>
              <th scope="col">Pedido</th>
              <th scope="col">Fecha</th>
              <th scope="col">Productos</th>
              <th scope="col">Estado</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {page.orders.map((o) => (
              <tr key={o.id} data-testid="order-row">
                <td>
                  <Link href={`/pedidos/${o.id}`}>
                    <span className="visually-hidden">Pedido </span>
                    {orderNumber(o.id)}
                  </Link>
                </td>
                <td data-label="Fecha">{formatDateTime(o.createdAt)}</td>
                <td data-label="Productos">{o.lines.reduce((n, l) => n + l.quantity, 0)}</td>
                <td data-label="Estado">
                  <OrderStatusBadge status={o.status} />
                </td>
                <td data-label="Total" className="num">
                  {formatPrice(o.total, o.currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination
        firstHref={cursor && '/pedidos'}
        nextHref={page.next && `/pedidos?cursor=${encodeURIComponent(page.next)}`}
        nextLabel="Pedidos anteriores"
      />
    </>
  );
}
