import {
  type CartRow,
  findActiveUserCart,
  findGuestCartByTokenHash,
  holdAccount,
  insertUserCart,
  isUniqueViolation,
  lockCarts,
  retriedTransaction,
  type Trx,
  touchCart,
} from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import type { CartDeps } from '../deps';
import type { Caller } from './caller';

const DAY_MS = 86_400_000;
export const ATTEMPTS = 5;

export const cartNotFound = () => new AppError('NOT_FOUND', 'Cart not found');
const accountGone = () => new AppError('UNAUTHORIZED', 'The account no longer exists');

/** Guest carts touched before this are expired: their tokens find nothing. */
export const guestIdleSince = (deps: Pick<CartDeps, 'config'>) =>
  new Date(Date.now() - deps.config.guestCartTtlDays * DAY_MS);

/**
 * The user's one active cart, made on first use. Two first uses at once both insert; the unique
 * index on active_user_id lets one win and the other reads the winner's.
 */
export async function userCart(deps: Pick<CartDeps, 'db'>, userId: number): Promise<CartRow> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const found = await findActiveUserCart(deps.db, userId);
    if (found) return found;
    const id = crypto.randomUUID();
    try {
      await retriedTransaction(deps.db, async (trx) => {
        // A token outlives a deleted account by up to its lifetime: no new cart for an account that
        // is gone. The account is held until the cart commits, so a deletion racing this waits, and
        // its UserDeleted finds the cart (holdAccount; checkout places orders the same way).
        if (!(await holdAccount(trx, userId))) throw accountGone();
        await insertUserCart(trx, { id, userId });
      });
    } catch (err) {
      // Another first use made it: the next turn reads the winner's.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error(`no cart for user ${userId} after ${ATTEMPTS} attempts`);
}

/** The caller's cart: a guest's must exist and be live (404 otherwise); a user's is made if needed. */
export async function callerCart(deps: Pick<CartDeps, 'db' | 'config'>, caller: Caller): Promise<CartRow> {
  if (caller.kind === 'user') return userCart(deps, caller.userId);
  const cart = await findGuestCartByTokenHash(deps.db, caller.tokenHash, guestIdleSince(deps));
  if (!cart) throw cartNotFound();
  return cart;
}

/** Thrown inside a transaction whose cart went away before its lock (the sweeper, checkout): start again. */
export class CartGone extends Error {}

/**
 * Runs `work` in a transaction holding the caller's cart locked, so writes to one cart queue up
 * (two adds to the same line both count). A user's cart deleted meanwhile is made again; a guest
 * cart that closed or expired meanwhile is a 404.
 */
export async function withLockedCart<T>(
  deps: Pick<CartDeps, 'db' | 'config'>,
  caller: Caller,
  work: (trx: Trx, cart: CartRow) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const cart = await callerCart(deps, caller);
    try {
      return await retriedTransaction(deps.db, async (trx) => {
        const [locked] = await lockCarts(trx, [cart.id]);
        if (locked?.status !== 'active') throw new CartGone();
        return work(trx, { ...locked, updated_at: await touchCart(trx, locked.id) });
      });
    } catch (err) {
      if (!(err instanceof CartGone)) throw err;
      if (caller.kind === 'guest' || attempt >= ATTEMPTS) throw cartNotFound();
    }
  }
}
