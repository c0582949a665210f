import type { Order } from '@greencommerce/client';
import Link from 'next/link';
import { COUNTRIES } from '@/lib/address-form';
import { formatPrice } from '@/lib/money';
import { formatDateTime } from '@/lib/order-format';
import { OrderStatusBadge } from './order-status-badge';

const countryName = (code: string) => COUNTRIES.find((c) => c.value === code)?.label ?? code;

/** An order as placed: its state, lines, totals and address (the shopper's page and the admin's). */
export function OrderDetail({ order }: { order: Order }) {
  const money = (n: number) => formatPrice(n, order.currency);
  const a = order.shippingAddress;
  return (
    <div className="order-detail">
      <section className="panel" aria-labelledby="order-state-title">
        <h2 id="order-state-title">Estado</h2>
        <p>
          <OrderStatusBadge status={order.status} />
        </p>
        <dl className="facts">
          <dt>Número</dt>
          <dd className="order-id">{order.id}</dd>
          <dt>Realizado</dt>
          <dd>{formatDateTime(order.createdAt)}</dd>
          {order.paidAt && (
            <>
              <dt>Pagado</dt>
              <dd>{formatDateTime(order.paidAt)}</dd>
            </>
          )}
          {order.status === 'pending_payment' && (
            <>
              <dt>Pagar antes del</dt>
              <dd>{formatDateTime(order.expiresAt)}</dd>
            </>
          )}
          <dt>Forma de pago</dt>
          <dd>{order.paymentProvider === 'test' ? 'Tarjeta de prueba' : order.paymentProvider}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="order-address-title">
        <h2 id="order-address-title">Envío</h2>
        {a ? (
          <address>
            {a.name}
            <br />
            {a.line1}
            {a.line2 && (
              <>
                <br />
                {a.line2}
              </>
            )}
            <br />
            {a.postalCode} {a.city}
            {a.region && `, ${a.region}`}
            <br />
            {countryName(a.country)}
            {a.phone && (
              <>
                <br />
                Tel. {a.phone}
              </>
            )}
          </address>
        ) : (
          <p className="hint">La dirección se borró con la cuenta.</p>
        )}
      </section>
      <section className="panel" aria-labelledby="order-lines-title">
        <h2 id="order-lines-title">Productos</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Producto</th>
              <th scope="col" className="num">
                Precio
              </th>
              <th scope="col" className="num">
                Cantidad
              </th>
              <th scope="col" className="num">
                Importe
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.productId}>
                <td>
                  <Link href={`/productos/${l.slug}`}>{l.name}</Link>
                </td>
                <td className="num">{money(l.unitPrice)}</td>
                <td className="num">{l.quantity}</td>
                <td className="num">{money(l.lineTotal)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Subtotal
              </th>
              <td className="num">{money(order.subtotal)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={3}>
                Envío
              </th>
              <td className="num">{money(order.shipping)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td className="num">
                <strong data-testid="order-total">{money(order.total)}</strong>
              </td>
            </tr>
            {order.refunded > 0 && (
              <tr>
                <th scope="row" colSpan={3}>
                  Reembolsado
                </th>
                <td className="num">{money(order.refunded)}</td>
              </tr>
            )}
          </tfoot>
        </table>
      </section>
    </div>
  );
}
