import { type CartView, MAX_CART_LINES, MAX_LINE_QUANTITY } from '@greencommerce/contracts';
import { findCartItems, findProductsByIds, insertCartItem, setCartItemQuantity } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import type { CartDeps } from '../deps';
import type { Caller } from './caller';
import { withLockedCart } from './cart-access';
import { cartView } from './cart-view';

/** The one 409 of a quantity past what can be had; the message and details name what is available. */
export const notAvailable = (available: number, why: string) =>
  new AppError('CONFLICT', `${why}: ${available} available`, [
    { path: 'quantity', message: `at most ${available} available` },
  ]);

/**
 * Adds units of a product; a line already in the cart grows. The price is recorded as it is now,
 * so a later read can tell the shopper it changed. Runs with the cart locked: two adds to one line
 * at once both count, and neither can pass the stock or line limits the other already used.
 */
export async function addItem(
  deps: Pick<CartDeps, 'db' | 'config'>,
  caller: Caller,
  input: { productId: number; quantity: number },
): Promise<CartView> {
  return withLockedCart(deps, caller, async (trx, cart) => {
    const [product] = await findProductsByIds(trx, [input.productId]);
    if (!product || product.archived_at !== null) throw new AppError('NOT_FOUND', 'Product not found');
    const items = await findCartItems(trx, cart.id);
    const existing = items.find((i) => i.product_id === input.productId);
    if (!existing && items.length >= MAX_CART_LINES) {
      throw new AppError('CONFLICT', `A cart holds at most ${MAX_CART_LINES} lines`);
    }
    const currency = items[0]?.currency;
    if (currency && currency !== product.currency) {
      throw new AppError('CONFLICT', `This cart is in ${currency}; the product is priced in ${product.currency}`);
    }
    const held = existing?.quantity ?? 0;
    const quantity = held + input.quantity;
    if (quantity > product.stock) {
      throw notAvailable(
        Math.max(0, product.stock - held),
        `Only ${product.stock} in stock, ${held} already in the cart`,
      );
    }
    if (quantity > MAX_LINE_QUANTITY) {
      throw notAvailable(
        MAX_LINE_QUANTITY - held,
        `A line holds at most ${MAX_LINE_QUANTITY}, ${held} already in the cart`,
      );
    }
    if (existing) await setCartItemQuantity(trx, cart.id, input.productId, quantity);
    else {
      await insertCartItem(trx, {
        cartId: cart.id,
        productId: input.productId,
        quantity,
        unitPriceMinor: product.price_minor,
        currency: product.currency,
      });
    }
    return cartView(trx, cart);
  });
}
