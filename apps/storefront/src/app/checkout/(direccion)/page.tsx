import type { Metadata } from 'next';
import Link from 'next/link';
import { addressDefaults } from '@/lib/address-form';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import { formatPrice } from '@/lib/money';
import { lastShippingAddress } from '@/lib/order-data';
import { requireSignedIn } from '@/lib/require-session';
import { getCart, getCurrentUser } from '@/lib/shop-data';
import { CheckoutForm } from './checkout-form';

export const metadata: Metadata = { title: 'Finalizar compra' };

export default async function CheckoutPage() {
  await requireSignedIn();
  const [cart, user, last] = await Promise.all([getCart(), getCurrentUser(), lastShippingAddress().catch(() => null)]);
  const items = cart?.items ?? [];
  if (items.length === 0) {
    return (
      <>
        <h1>Finalizar compra</h1>
        <section className="state">
          <p>Tu carrito está vacío.</p>
          <Link href="/productos" className="button">
            Ver productos
          </Link>
        </section>
      </>
    );
  }
  const blocked = items.some((i) => !i.available);
  return (
    <>
      <h1>Finalizar compra</h1>
      <div className="checkout">
        <section className="panel" aria-labelledby="summary-title">
          <h2 id="summary-title">Tu pedido</h2>
          <ul className="summary-lines">
            {items.map((i) => (
              <li key={i.productId}>
                <span>
                  {i.quantity} × {i.name}
                </span>
                <span>{formatPrice(i.lineTotal, cart?.currency)}</span>
              </li>
            ))}
          </ul>
          <p className="summary-total">
            Subtotal <strong className="price">{formatPrice(cart?.subtotal ?? 0, cart?.currency)}</strong>
          </p>
          <p className="hint">El envío se suma al confirmar el pedido. Pagarás en el paso siguiente.</p>
          <p>
            <Link href="/carrito">Cambiar el carrito</Link>
          </p>
        </section>
        {blocked ? (
          <section className="panel">
            <p className="alert error" role="alert">
              Hay productos de tu carrito que ya no están disponibles en la cantidad pedida.
            </p>
            <Link href="/carrito" className="button">
              Revisar el carrito
            </Link>
          </section>
        ) : (
          <CheckoutForm idempotencyKey={newIdempotencyKey()} defaults={addressDefaults(user, last)} />
        )}
      </div>
    </>
  );
}
