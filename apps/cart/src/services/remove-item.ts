import type { CartView } from '@greencommerce/contracts';
import { deleteCartItem } from '@greencommerce/db';
import type { CartDeps } from '../deps';
import type { Caller } from './caller';
import { withLockedCart } from './cart-access';
import { cartView } from './cart-view';

/** Removes a line; removing one that is not there is not an error (a retried DELETE). */
export async function removeItem(
  deps: Pick<CartDeps, 'db' | 'config'>,
  caller: Caller,
  productId: number,
): Promise<CartView> {
  return withLockedCart(deps, caller, async (trx, cart) => {
    await deleteCartItem(trx, cart.id, productId);
    return cartView(trx, cart);
  });
}
