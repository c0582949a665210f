import type { Metadata } from 'next';
import Link from 'next/link';
import { storefrontImage } from '@/lib/images';
import { cappedReason, readMergeNotice } from '@/lib/merge-notice';
import { formatPrice } from '@/lib/money';
import { readSession } from '@/lib/session';
import { type Cart, getCart } from '@/lib/shop-data';
import { CartLine, type CartLineView } from './cart-line';

export const metadata: Metadata = { title: 'Carrito' };

type Item = Cart['items'][number];

function problem(item: Item): string | undefined {
  if (item.available) return undefined;
  if (item.availableQuantity === 0) return 'Este producto ya no está disponible: quítalo para continuar.';
  return `Solo quedan ${item.availableQuantity} unidades: baja la cantidad para continuar.`;
}

export default async function CartPage({ searchParams }: PageProps<'/carrito'>) {
  const [cart, session, query] = await Promise.all([getCart(), readSession(), searchParams]);
  const capped = readMergeNotice(query.ajustes);
  const items = cart?.items ?? [];
  const currency = cart?.currency;
  const lines: CartLineView[] = items.map((item) => {
    const image = storefrontImage(item.image);
    return {
      productId: item.productId,
      slug: item.slug,
      name: item.name,
      image: image ?? '/placeholder.svg',
      hasImage: image !== null,
      quantity: item.quantity,
      unitPrice: formatPrice(item.unitPrice, currency),
      lineTotal: formatPrice(item.lineTotal, currency),
      problem: problem(item),
      priceChanged: item.priceChanged,
    };
  });
  const blocked = items.some((i) => !i.available);
  const checkoutHref = session.claims ? '/checkout' : '/login?volver=%2Fcheckout';

  return (
    <>
      <h1>Tu carrito</h1>
      {capped.length > 0 && (
        <div className="alert warning" role="status" data-testid="merge-notice">
          <p style={{ margin: 0 }}>Juntamos el carrito que tenías sin iniciar sesión con el de tu cuenta, pero:</p>
          <ul>
            {capped.map((c) => {
              const name = items.find((i) => i.productId === c.productId)?.name ?? `el producto ${c.productId}`;
              return (
                <li key={c.productId}>
                  de «{name}» quedan {c.quantity} en el carrito: {cappedReason(c.reason)}.
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {lines.length === 0 ? (
        <section className="state">
          <p>Tu carrito está vacío.</p>
          <Link href="/productos" className="button">
            Ver productos
          </Link>
        </section>
      ) : (
        <>
          <ul className="cart-lines">
            {lines.map((line) => (
              <CartLine key={line.productId} line={line} />
            ))}
          </ul>
          <section className="cart-summary" aria-label="Resumen">
            <div>
              <p style={{ margin: 0 }}>
                {cart?.itemCount} {cart?.itemCount === 1 ? 'artículo' : 'artículos'} · Subtotal{' '}
                <strong className="price" data-testid="cart-subtotal">
                  {formatPrice(cart?.subtotal ?? 0, currency)}
                </strong>
              </p>
              {blocked && <p className="hint">El subtotal no incluye los productos no disponibles.</p>}
            </div>
            {blocked ? (
              <p className="hint">Resuelve los productos marcados para finalizar la compra.</p>
            ) : (
              <Link href={checkoutHref} className="button">
                Finalizar compra
              </Link>
            )}
          </section>
        </>
      )}
    </>
  );
}
