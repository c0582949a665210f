import { type CartItem, type CartView, toMajorUnits } from '@greencommerce/contracts';
import {
  type CartItemRow,
  type CartRow,
  type Db,
  findCartItems,
  findProductsByIds,
  type ProductRow,
  type Trx,
  toDate,
} from '@greencommerce/db';

/** The database or a transaction on it. */
type Reader = Db | Trx;

/** Units of a product a line may hold now: 0 when it is archived or gone. */
export const purchasable = (p: ProductRow | undefined) => (p && p.archived_at === null ? p.stock : 0);

/**
 * A line at the catalog's current price. It counts toward the subtotal only if the product can be
 * bought in that quantity, in the cart's currency; otherwise it stays visible with available: false.
 */
function line(item: CartItemRow, product: ProductRow | undefined, currency: string): CartItem & { minor: number } {
  const priceMinor = product?.price_minor ?? item.unit_price_minor;
  const live = product?.currency ?? item.currency;
  const stock = purchasable(product);
  const minor = priceMinor * item.quantity;
  return {
    productId: item.product_id,
    // A product row is never deleted (the catalog archives); if one were, the line still shows.
    slug: product?.slug ?? '',
    name: product?.name ?? '',
    image: product?.image_url ?? null,
    unitPrice: toMajorUnits(priceMinor),
    quantity: item.quantity,
    lineTotal: toMajorUnits(minor),
    available: stock >= item.quantity && live === currency,
    availableQuantity: Math.min(stock, 99),
    priceChanged: priceMinor !== item.unit_price_minor || live !== item.currency,
    minor,
  };
}

/** The cart as clients read it; money summed in integer minor units and shown in major units. */
export async function cartView(db: Reader, cart: CartRow): Promise<CartView> {
  const items = await findCartItems(db, cart.id);
  const products = new Map(
    (
      await findProductsByIds(
        db,
        items.map((i) => i.product_id),
      )
    ).map((p) => [p.id, p]),
  );
  // The first line's currency is the cart's: adds in another are refused.
  const currency = items[0]?.currency ?? null;
  const lines = items.map((i) => line(i, products.get(i.product_id), currency ?? ''));
  let subtotal = 0;
  let itemCount = 0;
  for (const l of lines) {
    itemCount += l.quantity;
    if (l.available) subtotal += l.minor;
  }
  return {
    id: cart.id,
    items: lines.map(({ minor: _minor, ...l }) => l),
    itemCount,
    subtotal: toMajorUnits(subtotal),
    currency,
    updatedAt: toDate(cart.updated_at).toISOString(),
  };
}
