import { MAX_STOCK } from '@greencommerce/contracts';
import { sql } from 'kysely';
import { compiledByShape, compiledInsert, compiledOnce, mark } from '../compiled-once';
import type { Db } from '../create-db';
import { isMysql } from '../dialect';
import type { OrderLineRow, OrderRow, OrderStatus } from '../schema';

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom' | 'getExecutor'>;
type Runner = Pick<Db, 'executeQuery' | 'getExecutor'>;

/** Owned by apps/orders (issue 12). */

const orderInsert = compiledInsert('orders', [
  'id',
  'user_id',
  'status',
  'currency',
  'subtotal_minor',
  'shipping_minor',
  'total_minor',
  'refunded_minor',
  'customer_name',
  'customer_email',
  'shipping_address',
  'personal_data_erased_at',
  'payment_provider',
  'payment_id',
  'expires_at',
  'version',
  'paid_at',
  'closed_at',
  'created_at',
  'updated_at',
]);
const linesInsert = compiledInsert('order_lines', [
  'order_id',
  'position',
  'product_id',
  'slug',
  'name',
  'unit_price_minor',
  'quantity',
  'line_total_minor',
]);

/** An order as checkout places it, every column given, and all its lines in one statement. */
export async function insertOrder(db: Runner, order: OrderRow, lines: OrderLineRow[]): Promise<void> {
  await orderInsert(db, [order]);
  await linesInsert(db, lines);
}

export async function findOrder(db: Executor, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Lines of several orders, each order's in display order. */
export async function findOrderLines(db: Executor, orderIds: readonly string[]): Promise<OrderLineRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('order_lines')
    .selectAll()
    .where('order_id', 'in', [...orderIds])
    .orderBy('order_id')
    .orderBy('position')
    .execute();
}

export type OrderFilters = {
  userId?: number;
  status?: OrderStatus;
  /** created_at >= from */
  from?: Date;
  /** created_at < to */
  to?: Date;
  /** Only ids before this one (ids are UUIDv7, so: older orders). */
  before?: string;
  limit: number;
};

/** Newest first (id order: ids are time-ordered), filtered; one more than `limit` tells a next page exists. */
export async function listOrders(db: Executor, f: OrderFilters): Promise<OrderRow[]> {
  let q = db.selectFrom('orders').selectAll();
  if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('created_at', '<', f.to);
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

/**
 * The one way an order's status changes: a single UPDATE guarded by the statuses it may leave
 * (`from`), bumping the version. Of any number of racing transitions exactly one sees its guard
 * hold; the others change nothing and get false (illegal, or already done by someone else).
 * `extra` sets other columns in the same statement (paid_at, refunded_minor, ...).
 */
export async function transitionOrder(
  db: Executor,
  id: string,
  from: readonly OrderStatus[],
  to: OrderStatus,
  extra: { paid_at?: Date; closed_at?: Date; payment_id?: string } = {},
): Promise<boolean> {
  const now = new Date();
  const { numUpdatedRows } = await db
    .updateTable('orders')
    .set((eb) => ({ ...extra, status: to, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

/**
 * Adds a refund to a paid (or partly refunded) order in one UPDATE: the status becomes refunded when
 * the refunds reach the total, partially_refunded before. The guard includes the amount, so racing
 * refunds can never add up past the total (and the CHECK on refunded_minor backs it). False when
 * the order is not refundable or the amount is more than what is left.
 */
export async function addOrderRefund(db: Executor, id: string, amountMinor: number): Promise<boolean> {
  const now = new Date();
  const { numUpdatedRows } = await db
    .updateTable('orders')
    // MySQL assigns left to right (a later SET sees an earlier one's new value): refunded_minor goes
    // last, so every CASE reads the amount before this refund, as SQLite's simultaneous SET does.
    .set((eb) => ({
      status: sql<OrderStatus>`CASE WHEN refunded_minor + ${amountMinor} >= total_minor THEN 'refunded' ELSE 'partially_refunded' END`,
      closed_at: sql`CASE WHEN refunded_minor + ${amountMinor} >= total_minor THEN ${now} ELSE closed_at END`,
      refunded_minor: eb('refunded_minor', '+', amountMinor),
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('status', 'in', ['paid', 'partially_refunded'])
    .where(sql<number>`refunded_minor + ${amountMinor}`, '<=', sql<number>`total_minor`)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** A user's orders still waiting for payment (their stock reserved). */
export async function findPendingOrderIdsOfUser(db: Executor, userId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('user_id', '=', userId)
    .where('status', '=', 'pending_payment')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Pending orders whose payment deadline has passed, oldest deadline first. */
export async function findExpiredOrderIds(db: Executor, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('status', '=', 'pending_payment')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * A deleted user's orders stay (accounting) without their personal data: name, email and shipping
 * address become null. Returns the orders changed; a repeat changes none.
 */
export async function eraseOrdersPersonalData(db: Executor, userId: number): Promise<number> {
  const { numUpdatedRows } = await db
    .updateTable('orders')
    .set({ customer_name: null, customer_email: null, shipping_address: null, personal_data_erased_at: new Date() })
    .where('user_id', '=', userId)
    .where('personal_data_erased_at', 'is', null)
    .executeTakeFirst();
  return Number(numUpdatedRows);
}

/**
 * A deleted user's idempotency keys: their stored checkout responses hold the name, email and
 * shipping address the order no longer keeps. Returns the keys deleted.
 */
export async function deleteIdempotencyKeysOfUser(db: Executor, userId: number): Promise<number> {
  const { numDeletedRows } = await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).executeTakeFirst();
  return Number(numDeletedRows);
}

const reserveQuery = compiledByShape((db, lines) => {
  const ids = Array.from({ length: lines }, (_, i) => mark(`id${i}`));
  const quantity = sql<number>`case ${sql.ref('id')} ${sql.join(
    ids.map((id, i) => sql`when ${id} then ${mark(`n${i}`)}`),
    sql` `,
  )} end`;
  return db
    .updateTable('products')
    .set((eb) => ({ stock: eb('stock', '-', quantity), version: eb('version', '+', 1), updated_at: mark('now') }))
    .where('id', 'in', ids as never[])
    .where('archived_at', 'is', null)
    .where('stock', '>=', quantity);
});

/**
 * Takes the units of every line of an order in one conditional UPDATE (`stock >= n` per product):
 * however many checkouts race, none takes a stock below zero. True only when every line's product
 * was updated; otherwise some were and the caller must roll its transaction back (all or none).
 * False when any product is archived, gone or short. InnoDB locks the rows in primary-key order,
 * so two checkouts sharing products never wait on each other crosswise.
 * The checkout's cross-domain write on the catalog's table, named by issue 12; it bumps each
 * product's version like every other stock change, so the catalog's ETags move.
 */
export async function reserveStock(
  db: Runner,
  lines: readonly { productId: number; quantity: number }[],
): Promise<boolean> {
  const wanted = new Map<number, number>();
  for (const l of lines) wanted.set(l.productId, (wanted.get(l.productId) ?? 0) + l.quantity);
  if (wanted.size === 0) return true;
  const values: Record<string, unknown> = { now: new Date() };
  [...wanted].forEach(([id, n], i) => {
    values[`id${i}`] = id;
    values[`n${i}`] = n;
  });
  const { numAffectedRows } = await reserveQuery(db, wanted.size, values);
  return Number(numAffectedRows ?? 0n) === wanted.size;
}

/**
 * Gives an order's units back (cancelled or expired). Call it only in the transaction whose
 * conditional status update succeeded: that update is what makes the release happen once.
 * An archived product gets its units back too (the count stays true if it is restored).
 * A stock an admin set to the column's ceiling meanwhile stays at it: units past it cannot be
 * counted, and a sum over it was an error that failed the cancel (a 500) and stopped the sweeper.
 */
export async function releaseStock(db: Executor, lines: { productId: number; quantity: number }[]): Promise<void> {
  for (const line of [...lines].sort((a, b) => a.productId - b.productId)) {
    const n = line.quantity;
    await db
      .updateTable('products')
      .set((eb) => ({
        stock: sql<number>`CASE WHEN stock > ${MAX_STOCK - n} THEN ${MAX_STOCK} ELSE stock + ${n} END`,
        version: eb('version', '+', 1),
        updated_at: new Date(),
      }))
      .where('id', '=', line.productId)
      .execute();
  }
}

/**
 * Checkout's first statement: claims (user, key). The primary key makes a second request with the
 * same key wait for the first's transaction (MySQL) or the write lock (SQLite), then fail with a
 * unique violation if the first committed: the caller then replays what the first stored.
 */
const keyInsert = compiledInsert('idempotency_keys', [
  'user_id',
  'idem_key',
  'request_hash',
  'order_id',
  'refund_id',
  'created_at',
]);

export async function insertIdempotencyKey(
  db: Runner,
  row: { userId: number; key: string; requestHash: string; orderId?: string; refundId?: string },
): Promise<void> {
  await keyInsert(db, [
    {
      user_id: row.userId,
      idem_key: row.key,
      request_hash: row.requestHash,
      order_id: row.orderId ?? null,
      refund_id: row.refundId ?? null,
      created_at: new Date(),
    },
  ]);
}

/**
 * Frees the key of a refund the provider refused (its reservation given back in the same
 * transaction): like a checkout that failed, the request stored nothing, and the key may be sent
 * again. A key that already stored an answer stays.
 */
export async function releaseRefundKey(db: Executor, refundId: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('refund_id', '=', refundId)
    .where('response_status', 'is', null)
    .execute();
}

export async function findIdempotencyKey(db: Executor, userId: number, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .where('idem_key', '=', key)
    .executeTakeFirst();
}

export async function setIdempotencyOrder(db: Executor, userId: number, key: string, orderId: string): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ order_id: orderId })
    .where('user_id', '=', userId)
    .where('idem_key', '=', key)
    .execute();
}

/** Stores the response to replay; the first stored wins (false: a racing twin stored first). */
const storeResponseQuery = compiledOnce((db) =>
  db
    .updateTable('idempotency_keys')
    .set({ response_status: 0, response_body: '' })
    .where('user_id', '=', 0)
    .where('idem_key', '=', '')
    .where('response_status', 'is', null),
);

export async function storeIdempotentResponse(
  db: Runner,
  userId: number,
  key: string,
  status: number,
  body: string,
): Promise<boolean> {
  const { numAffectedRows } = await storeResponseQuery(db, [status, body, userId, key]);
  return (numAffectedRows ?? 0n) > 0n;
}

/** Deletes a key older than `before` (an expired key is reusable). */
export async function deleteIdempotencyKey(db: Executor, userId: number, key: string, before: Date): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', userId)
    .where('idem_key', '=', key)
    .where('created_at', '<', before)
    .execute();
}

/** Keys older than `before`, at most `limit` per call. */
export async function purgeIdempotencyKeys(db: Db, opts: { before: Date; limit: number }): Promise<number> {
  const q = db.deleteFrom('idempotency_keys').where('created_at', '<', opts.before);
  if (isMysql(db)) {
    const { numDeletedRows } = await q.limit(opts.limit).executeTakeFirst();
    return Number(numDeletedRows);
  }
  const { numDeletedRows } = await db
    .deleteFrom('idempotency_keys')
    .where(
      sql`rowid`,
      'in',
      db
        .selectFrom('idempotency_keys')
        .select(sql`rowid`.as('r'))
        .where('created_at', '<', opts.before)
        .limit(opts.limit),
    )
    .executeTakeFirst();
  return Number(numDeletedRows);
}
