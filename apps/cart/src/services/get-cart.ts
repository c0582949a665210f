import type { CartView } from '@greencommerce/contracts';
import { toDate, touchCart } from '@greencommerce/db';
import type { CartDeps } from '../deps';
import type { Caller } from './caller';
import { callerCart } from './cart-access';
import { cartView } from './cart-view';

/** A guest's reads keep the cart alive too, but write at most once a day (reads stay reads). */
const TOUCH_AFTER_MS = 86_400_000;

export async function getCart(deps: Pick<CartDeps, 'db' | 'config'>, caller: Caller): Promise<CartView> {
  const cart = await callerCart(deps, caller);
  if (caller.kind === 'guest' && Date.now() - toDate(cart.updated_at).getTime() > TOUCH_AFTER_MS) {
    await touchCart(deps.db, cart.id);
  }
  return cartView(deps.db, cart);
}
