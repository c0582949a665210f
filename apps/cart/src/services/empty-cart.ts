import type { CartView } from '@greencommerce/contracts';
import { deleteCartItems } from '@greencommerce/db';
import type { CartDeps } from '../deps';
import type { Caller } from './caller';
import { withLockedCart } from './cart-access';
import { cartView } from './cart-view';

/** Removes every line; the cart itself stays (and its token keeps working). */
export async function emptyCart(deps: Pick<CartDeps, 'db' | 'config'>, caller: Caller): Promise<CartView> {
  return withLockedCart(deps, caller, async (trx, cart) => {
    await deleteCartItems(trx, cart.id);
    return cartView(trx, cart);
  });
}
