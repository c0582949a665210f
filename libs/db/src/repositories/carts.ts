import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { compiledOnce, type Runner } from '../compiled-once';
import type { Db, Trx } from '../create-db';
import { isMysql } from '../dialect';
import type { CartItemRow, CartRow, Database } from '../schema';
import { holdAccount } from './users';

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom' | 'getExecutor'>;

const guestCartQuery = compiledOnce((db) =>
  db
    .selectFrom('carts')
    .selectAll()
    .where('token_hash', '=', '')
    .where('status', '=', 'active')
    .where('user_id', 'is', null)
    .where('updated_at', '>=', new Date(0)),
);

/** Guest carts by the hash of their token: only active ones, touched since `idleSince`. */
export async function findGuestCartByTokenHash(
  db: Executor & Pick<Db, 'executeQuery'>,
  tokenHash: string,
  idleSince: Date,
): Promise<CartRow | undefined> {
  return (await guestCartQuery(db, [tokenHash, 'active', idleSince])).rows[0];
}

/** Any cart with this token hash, whatever its state (a merge retried after the guest cart closed). */
export async function findCartByTokenHash(db: Executor, tokenHash: string): Promise<CartRow | undefined> {
  return db.selectFrom('carts').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

const userCartQuery = compiledOnce((db) => db.selectFrom('carts').selectAll().where('active_user_id', '=', 0));

export async function findActiveUserCart(
  db: Executor & Pick<Db, 'executeQuery'>,
  userId: number,
): Promise<CartRow | undefined> {
  return (await userCartQuery(db, [userId])).rows[0];
}

export async function insertGuestCart(db: Executor, cart: { id: string; tokenHash: string }): Promise<void> {
  await db.insertInto('carts').values({ id: cart.id, token_hash: cart.tokenHash }).execute();
}

/** Throws a unique violation (see isUniqueViolation) when the user already has an active cart. */
export async function insertUserCart(db: Executor, cart: { id: string; userId: number }): Promise<void> {
  await db.insertInto('carts').values({ id: cart.id, user_id: cart.userId, active_user_id: cart.userId }).execute();
}

/**
 * Locks carts for the rest of the transaction, always in id order so that two transactions locking
 * the same pair never wait on each other crosswise (MySQL/MariaDB: SELECT … FOR UPDATE). Every write
 * to a cart or its lines starts here, so they queue per cart. On SQLite an update that changes
 * nothing takes the database's single write lock at once, which serializes writers the same way
 * (a read first would have to upgrade later, and could fail instead of waiting).
 */
export async function lockCarts(trx: Trx, ids: string[]): Promise<CartRow[]> {
  const sorted = [...new Set(ids)].sort();
  if (sorted.length === 0) return [];
  const select = trx.selectFrom('carts').selectAll().where('id', 'in', sorted).orderBy('id');
  if (isMysql(trx)) return select.forUpdate().execute();
  await trx
    .updateTable('carts')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('id', 'in', sorted)
    .execute();
  return select.execute();
}

const lockedUserCartQuery = compiledOnce((db) => db.selectFrom('carts').select('id').where('active_user_id', '=', 0));
const lockedAccountCartQuery = compiledOnce((db) =>
  db
    .selectFrom('users')
    .leftJoin('carts', 'carts.active_user_id', 'users.id')
    .select('carts.id as cart_id')
    .where('users.id', '=', 0)
    .forUpdate(),
);

/**
 * Checkout's first read: the account held (see holdAccount) and its active cart locked, both until
 * the transaction ends. undefined: the account is gone; cartId null: it has no active cart.
 * On MySQL one statement, `SELECT … FOR UPDATE` over both rows: the account's row is held
 * exclusively rather than shared as holdAccount holds it, so the user's own other writes (a cart
 * edit, a profile change, a deletion) wait for this commit, a few milliseconds. On SQLite the
 * transaction takes the single writer's lock first, which holds everything.
 */
export async function lockAccountAndCart(trx: Trx, userId: number): Promise<{ cartId: string | null } | undefined> {
  if (isMysql(trx)) {
    const row = (await lockedAccountCartQuery(trx, [userId])).rows[0];
    return row && { cartId: row.cart_id };
  }
  if (!(await holdAccount(trx, userId))) return undefined;
  return { cartId: (await lockedUserCartQuery(trx, [userId])).rows[0]?.id ?? null };
}

/** Marks a cart as in use now (idle carts expire); returns the time written. */
export async function touchCart(db: Executor, id: string): Promise<Date> {
  // Whole seconds, as the DATETIME column keeps it: what a later read returns is what this returns.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  await db.updateTable('carts').set({ updated_at: now }).where('id', '=', id).execute();
  return now;
}

const cartItemsQuery = compiledOnce((db) =>
  db.selectFrom('cart_items').selectAll().where('cart_id', '=', '').orderBy('added_at').orderBy('product_id'),
);

/** A cart's lines in the order they were added. */
export async function findCartItems(db: Executor & Pick<Db, 'executeQuery'>, cartId: string): Promise<CartItemRow[]> {
  return (await cartItemsQuery(db, [cartId])).rows;
}

const cartItemsWithCatalogQuery = compiledOnce((db) =>
  db
    .selectFrom('cart_items')
    .leftJoin('products', 'products.id', 'cart_items.product_id')
    .select([
      'cart_items.product_id',
      'cart_items.quantity',
      'products.id as catalog_id',
      'products.slug',
      'products.name',
      'products.price_minor',
      'products.currency',
    ])
    .where('cart_items.cart_id', '=', '')
    .orderBy('cart_items.added_at')
    .orderBy('cart_items.product_id'),
);

/** A cart line with its product as the catalog has it now (catalog_id null: the product is gone). */
export type CartItemWithCatalog = Awaited<ReturnType<typeof cartItemsWithCatalogQuery>>['rows'][number];

/**
 * A cart's lines in the order they were added, each with its product's current slug, name, price and
 * currency (checkout re-prices from these), in one read; the products' rows are not locked.
 */
export async function findCartItemsWithCatalog(
  db: Executor & Pick<Db, 'executeQuery'>,
  cartId: string,
): Promise<CartItemWithCatalog[]> {
  return (await cartItemsWithCatalogQuery(db, [cartId])).rows;
}

export async function insertCartItem(
  db: Executor,
  item: { cartId: string; productId: number; quantity: number; unitPriceMinor: number; currency: string },
): Promise<void> {
  await db
    .insertInto('cart_items')
    .values({
      cart_id: item.cartId,
      product_id: item.productId,
      quantity: item.quantity,
      unit_price_minor: item.unitPriceMinor,
      currency: item.currency,
      added_at: new Date(),
    })
    .execute();
}

export async function setCartItemQuantity(
  db: Executor,
  cartId: string,
  productId: number,
  quantity: number,
): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('cart_items')
    .set({ quantity })
    .where('cart_id', '=', cartId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

export async function deleteCartItem(db: Executor, cartId: string, productId: number): Promise<boolean> {
  const { numDeletedRows } = await db
    .deleteFrom('cart_items')
    .where('cart_id', '=', cartId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return numDeletedRows > 0n;
}

export async function deleteCartItems(db: Executor, cartId: string): Promise<number> {
  const { numDeletedRows } = await db.deleteFrom('cart_items').where('cart_id', '=', cartId).executeTakeFirst();
  return Number(numDeletedRows);
}

/** Closes a merged guest cart: its token then finds it only for a retried merge into `intoId`. */
export async function markCartMerged(db: Executor, id: string, intoId: string, report: string): Promise<void> {
  await db
    .updateTable('carts')
    .set({ status: 'merged', merged_into: intoId, merge_report: report, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

const checkedOutQuery = compiledOnce((db) =>
  db
    .updateTable('carts')
    .set({ status: 'checked_out', active_user_id: null, updated_at: new Date(0) })
    .where('id', '=', ''),
);

/**
 * Closes a user's cart at checkout (issue 12 names this write): it stops being their active cart,
 * so their next use makes a new one, and keeps its lines for the order that was made of it.
 */
export async function markCartCheckedOut(db: Runner, id: string): Promise<void> {
  await checkedOutQuery(db, ['checked_out', null, new Date(), id]);
}

/** Every cart of a user, open or closed (their account is gone); lines go with them (ON DELETE CASCADE). */
export async function deleteCartsOfUser(db: Executor, userId: number): Promise<number> {
  const { numDeletedRows } = await db.deleteFrom('carts').where('user_id', '=', userId).executeTakeFirst();
  return Number(numDeletedRows);
}

type CartFilter = (eb: ExpressionBuilder<Database, 'carts'>) => Expression<SqlBool>;

/**
 * Deletes at most `limit` carts matching `where`: ids first, then a delete that checks the same
 * condition again, so a cart written to in between stays. Short statements: a backlog goes over
 * several batches.
 */
async function purgeBatch(db: Db, limit: number, where: CartFilter): Promise<number> {
  const ids = (await db.selectFrom('carts').select('id').where(where).limit(limit).execute()).map((r) => r.id);
  if (ids.length === 0) return 0;
  const { numDeletedRows } = await db.deleteFrom('carts').where('id', 'in', ids).where(where).executeTakeFirst();
  return Number(numDeletedRows);
}

/** Guest carts (open or merged) untouched since `before`. */
export function purgeIdleGuestCarts(db: Db, opts: { before: Date; limit: number }): Promise<number> {
  return purgeBatch(db, opts.limit, (eb) => eb.and([eb('user_id', 'is', null), eb('updated_at', '<', opts.before)]));
}

/** Open carts with no lines, untouched since `before` (a user's is made again on next use). */
export function purgeEmptyCarts(db: Db, opts: { before: Date; limit: number }): Promise<number> {
  return purgeBatch(db, opts.limit, (eb) =>
    eb.and([
      eb('status', '=', 'active'),
      eb('updated_at', '<', opts.before),
      eb.not(
        eb.exists(
          eb.selectFrom('cart_items').select(sql.lit(1).as('one')).whereRef('cart_items.cart_id', '=', 'carts.id'),
        ),
      ),
    ]),
  );
}
