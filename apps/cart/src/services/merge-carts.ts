import { MAX_CART_LINES, MAX_LINE_QUANTITY, type MergeCap, type MergeResult } from '@greencommerce/contracts';
import {
  type CartRow,
  deleteCartItems,
  findCartByTokenHash,
  findCartItems,
  findProductsByIds,
  insertCartItem,
  lockCarts,
  markCartMerged,
  retriedTransaction,
  setCartItemQuantity,
  type Trx,
  toDate,
  touchCart,
} from '@greencommerce/db';
import type { CartDeps } from '../deps';
import { ATTEMPTS, CartGone, cartNotFound, guestIdleSince, userCart } from './cart-access';
import { cartView, purchasable } from './cart-view';

/** What the merge decided for each product the guest cart held; the caps are reported to the client. */
async function moveLines(trx: Trx, guest: CartRow, into: CartRow): Promise<MergeCap[]> {
  const guestItems = await findCartItems(trx, guest.id);
  const userItems = new Map((await findCartItems(trx, into.id)).map((i) => [i.product_id, i]));
  const products = new Map(
    (
      await findProductsByIds(
        trx,
        guestItems.map((i) => i.product_id),
      )
    ).map((p) => [p.id, p]),
  );
  const capped: MergeCap[] = [];
  let lines = userItems.size;
  // The first line's currency is the cart's (an add in another is refused): a guest cart in another
  // currency does not join it, or the cart would hold lines it can never sum. Reported, like the line limit.
  const currency = userItems.values().next().value?.currency;
  for (const g of guestItems) {
    if (currency && g.currency !== currency) {
      capped.push({ productId: g.product_id, requested: g.quantity, quantity: 0, reason: 'currency' });
      continue;
    }
    const mine = userItems.get(g.product_id);
    if (!mine) {
      // A line only the guest had moves as it is (a sold-out one stays visible, unavailable).
      if (lines >= MAX_CART_LINES) {
        capped.push({ productId: g.product_id, requested: g.quantity, quantity: 0, reason: 'line-limit' });
        continue;
      }
      await insertCartItem(trx, {
        cartId: into.id,
        productId: g.product_id,
        quantity: g.quantity,
        unitPriceMinor: g.unit_price_minor,
        currency: g.currency,
      });
      lines++;
      continue;
    }
    const requested = mine.quantity + g.quantity;
    const stock = purchasable(products.get(g.product_id));
    const cap = Math.min(stock, MAX_LINE_QUANTITY);
    if (requested <= cap) {
      await setCartItemQuantity(trx, into.id, g.product_id, requested);
      continue;
    }
    // Capped, but never below what either cart already held: nothing the shopper chose disappears.
    const quantity = Math.max(cap, mine.quantity, g.quantity);
    if (quantity !== mine.quantity) await setCartItemQuantity(trx, into.id, g.product_id, quantity);
    capped.push({
      productId: g.product_id,
      requested,
      quantity,
      reason: stock < MAX_LINE_QUANTITY ? 'stock' : 'max-quantity',
    });
  }
  await deleteCartItems(trx, guest.id);
  return capped;
}

const mergedInto = (guest: CartRow, into: CartRow) => guest.status === 'merged' && guest.merged_into === into.id;
const report = (guest: CartRow): MergeCap[] => JSON.parse(guest.merge_report ?? '[]');

/**
 * Moves a guest cart's lines into the user's cart in one transaction holding both carts locked
 * (in id order, so concurrent merges never deadlock), then closes the guest cart. A product in both
 * gets the sum, capped at the stock and at 99. Merging the same guest cart again, as a retry or from
 * a second tab at the same moment, changes nothing and answers the same cart and caps.
 */
export async function mergeCarts(
  deps: Pick<CartDeps, 'db' | 'config'>,
  userId: number,
  tokenHash: string,
): Promise<MergeResult> {
  const guest = await findCartByTokenHash(deps.db, tokenHash);
  if (!guest || guest.user_id !== null) throw cartNotFound();
  const live = guest.status === 'active' && toDate(guest.updated_at) >= guestIdleSince(deps);
  for (let attempt = 1; ; attempt++) {
    const into = await userCart(deps, userId);
    if (!live && !mergedInto(guest, into)) throw cartNotFound();
    try {
      return await retriedTransaction(deps.db, async (trx) => {
        const locked = await lockCarts(trx, [guest.id, into.id]);
        const g = locked.find((c) => c.id === guest.id);
        const u = locked.find((c) => c.id === into.id);
        if (!g) throw cartNotFound();
        // The user's cart closed (checkout) or went (the sweeper) since it was read: merge into their next one.
        if (u?.status !== 'active') throw new CartGone();
        if (mergedInto(g, u)) return { cart: await cartView(trx, u), capped: report(g) };
        if (g.status !== 'active') throw cartNotFound();
        const capped = await moveLines(trx, g, u);
        await markCartMerged(trx, g.id, u.id, JSON.stringify(capped));
        return { cart: await cartView(trx, { ...u, updated_at: await touchCart(trx, u.id) }), capped };
      });
    } catch (err) {
      if (!(err instanceof CartGone)) throw err;
      if (attempt >= ATTEMPTS) throw new Error(`no open cart for user ${userId} after ${ATTEMPTS} attempts`);
    }
  }
}
