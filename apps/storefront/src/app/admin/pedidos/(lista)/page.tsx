import type { Metadata } from 'next';
import Link from 'next/link';
import { OrderStatusBadge } from '@/components/order-status-badge';
import { Pagination } from '@/components/pagination';
import { formatPrice } from '@/lib/money';
import { listAllOrders } from '@/lib/order-data';
import { formatDateTime, orderNumber } from '@/lib/order-format';
import { isOrderStatus, ORDER_STATUS_OPTIONS } from '@/lib/order-status';
import { requireAdmin } from '@/lib/require-session';

export const metadata: Metadata = { title: 'Pedidos' };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function AdminOrders({ searchParams }: PageProps<'/admin/pedidos'>) {
  await requireAdmin();
  const query = await searchParams;
  const wanted = first(query.status);
  const status = isOrderStatus(wanted) ? wanted : undefined;
  const cursor = first(query.cursor);
  const page = await listAllOrders({ status, cursor });
  const here = (extra: Record<string, string>) =>
    `/admin/pedidos?${new URLSearchParams({ ...(status && { status }), ...extra })}`;
  return (
    <>
      <h1>Pedidos</h1>
      <form action="/admin/pedidos" className="filter-bar" aria-label="Filtrar pedidos">
        <div className="field">
          <label htmlFor="f-status">Estado</label>
          <select id="f-status" name="status" defaultValue={status ?? ''}>
            <option value="">Todos</option>
            {ORDER_STATUS_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Filtrar
        </button>
      </form>
      {page.orders.length === 0 ? (
        <p className="state">No hay pedidos{status ? ' en ese estado' : ''}.</p>
      ) : (
        <table className="data-table panel stack" data-testid="admin-orders">
          <caption className="visually-hidden">Pedidos, del más reciente al más antiguo</caption>
          <thead>
            <tr>
              <th scope="col">Pedido</th>
              <th scope="col">Fecha</th>
              <th scope="col">Cliente</th>
              <th scope="col">Estado</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {page.orders.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link href={`/admin/pedidos/${o.id}`}>
                    <span className="visually-hidden">Pedido </span>
                    {orderNumber(o.id)}
                  </Link>
                </td>
                <td data-label="Fecha">{formatDateTime(o.createdAt)}</td>
                <td data-label="Cliente">{o.customer.email ?? `usuario ${o.userId} (cuenta borrada)`}</td>
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
        firstHref={cursor && here({})}
        nextHref={page.next && here({ cursor: page.next })}
        nextLabel="Pedidos anteriores"
      />
    </>
  );
}
