import type { CartView } from '@greencommerce/contracts';
import { insertGuestCart } from '@greencommerce/db';
import type { CartDeps } from '../deps';
import { hashGuestToken, newGuestToken } from './caller';
import { callerCart } from './cart-access';
import { cartView } from './cart-view';

/** A new, empty guest cart; its token is returned once and kept only as a hash. */
export async function createGuestCart(
  deps: Pick<CartDeps, 'db' | 'config'>,
): Promise<{ token: string; cart: CartView }> {
  const token = newGuestToken();
  const tokenHash = hashGuestToken(token);
  await insertGuestCart(deps.db, { id: crypto.randomUUID(), tokenHash });
  const cart = await callerCart(deps, { kind: 'guest', tokenHash });
  return { token, cart: await cartView(deps.db, cart) };
}
