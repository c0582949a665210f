import type { CartView } from '@greencommerce/contracts';
import { insertGuestCart, takeRateLimitSlot } from '@greencommerce/db';
import { ipSubject, tooMany } from '@greencommerce/http';
import type { CartDeps } from '../deps';
import { hashGuestToken, newGuestToken } from './caller';
import { callerCart } from './cart-access';
import { cartView } from './cart-view';

/**
 * A new, empty guest cart; its token is returned once and kept only as a hash. Anyone may make one,
 * so each client (an IPv6 /64 counts as one) gets a number per window, counted in the database.
 */
export async function createGuestCart(
  deps: Pick<CartDeps, 'db' | 'config'>,
  clientAddress: string,
): Promise<{ token: string; cart: CartView }> {
  const { guestCartIpLimit: limit, guestCartIpWindowMs: windowMs } = deps.config;
  const bucket = { scope: 'cart-create:ip', subject: ipSubject(clientAddress) };
  if (!(await takeRateLimitSlot(deps.db, bucket, limit, windowMs))) throw tooMany('new carts', windowMs);
  const token = newGuestToken();
  const tokenHash = hashGuestToken(token);
  await insertGuestCart(deps.db, { id: crypto.randomUUID(), tokenHash });
  const cart = await callerCart(deps, { kind: 'guest', tokenHash });
  return { token, cart: await cartView(deps.db, cart) };
}
