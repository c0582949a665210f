import type { CartView } from '@greencommerce/contracts';
import { deleteCartItem, findCartItems, findProductsByIds, setCartItemQuantity } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import type { CartDeps } from '../deps';
import { notAvailable } from './add-item';
import type { Caller } from './caller';
import { withLockedCart } from './cart-access';
import { cartView, purchasable } from './cart-view';

/**
 * Sets a line's quantity; 0 removes it. Lowering is always allowed (even for an archived or sold-out
 * product); raising is checked against the stock, like an add.
 */
export async function setItemQuantity(
  deps: Pick<CartDeps, 'db' | 'config'>,
  caller: Caller,
  productId: number,
  quantity: number,
): Promise<CartView> {
  return withLockedCart(deps, caller, async (trx, cart) => {
    if (quantity === 0) {
      await deleteCartItem(trx, cart.id, productId);
      return cartView(trx, cart);
    }
    const existing = (await findCartItems(trx, cart.id)).find((i) => i.product_id === productId);
    if (!existing) throw new AppError('NOT_FOUND', 'That product is not in the cart');
    if (quantity > existing.quantity) {
      const [product] = await findProductsByIds(trx, [productId]);
      const stock = purchasable(product);
      if (quantity > stock) throw notAvailable(stock, `Only ${stock} in stock`);
    }
    await setCartItemQuantity(trx, cart.id, productId, quantity);
    return cartView(trx, cart);
  });
}
