import { sql } from 'kysely';
import { compiledInsert, compiledOnce } from '../compiled-once';
import type { Db, Trx } from '../create-db';
import { dbNowMs, isMysql } from '../dialect';
import { isUniqueViolation } from '../errors';
import type { OrderStatus, PaymentRow, PaymentStatus, RefundRow } from '../schema';

// Payments, webhook events and refunds: owned by apps/orders (its payments side).
type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom' | 'getExecutor'>;
type Runner = Pick<Db, 'executeQuery' | 'getExecutor'>;

export async function findPaymentById(db: Executor, id: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPaymentByProviderRef(
  db: Executor,
  provider: string,
  providerRef: string,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_ref', '=', providerRef)
    .executeTakeFirst();
}

/** An order's payment with one provider (the first, if several were ever made). */
export async function findOrderPayment(
  db: Executor,
  orderId: string,
  provider: string,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('provider', '=', provider)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
}

const paymentInsert = compiledInsert('payments', [
  'id',
  'order_id',
  'provider',
  'status',
  'amount_minor',
  'currency',
  'provider_ref',
  'client_secret',
  'confirmation_url',
]);

/** What a provider answered when a payment was started: its reference, and what the client pays with. */
export type PaymentStart = { providerRef: string; clientSecret: string | null; confirmationUrl: string | null };

/**
 * The order's payment, written with the order; `started` when its provider started it in the same
 * transaction (the test provider), otherwise recorded later by setPaymentStarted.
 */
export async function insertPayment(
  db: Runner,
  p: { id: string; orderId: string; provider: string; amountMinor: number; currency: string; started?: PaymentStart },
): Promise<void> {
  await paymentInsert(db, [
    {
      id: p.id,
      order_id: p.orderId,
      provider: p.provider,
      status: 'pending',
      amount_minor: p.amountMinor,
      currency: p.currency,
      provider_ref: p.started?.providerRef ?? null,
      client_secret: p.started?.clientSecret ?? null,
      confirmation_url: p.started?.confirmationUrl ?? null,
    },
  ]);
}

const paymentStartedQuery = compiledOnce((db) =>
  db
    .updateTable('payments')
    .set({ provider_ref: '', client_secret: '', confirmation_url: '', updated_at: new Date(0) })
    .where('id', '=', ''),
);

/**
 * Records what the provider answered when the payment was started. False when another payment
 * already holds that provider reference (two starts of one order write the same answer to the
 * order's one row, so this means the provider answered for something else).
 */
export async function setPaymentStarted(db: Runner, id: string, s: PaymentStart): Promise<boolean> {
  try {
    await paymentStartedQuery(db, [s.providerRef, s.clientSecret, s.confirmationUrl, new Date(), id]);
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Moves a payment to `to` only from one of `from`; true when it moved. */
export async function setPaymentStatus(
  db: Executor,
  id: string,
  from: PaymentStatus[],
  to: PaymentStatus,
  failureReason: string | null = null,
): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('payments')
    .set({ status: to, failure_reason: failureReason, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

/**
 * Marks an order's started payments, unless paid, as owing a cancel at their provider: the order
 * was cancelled where no provider can be called (the UserDeleted consumer's transaction). One never
 * started has nothing there to cancel (a start recorded later finds the order closed and cancels
 * itself, see refuseIfClosedMeanwhile); a mark already set keeps its time.
 */
export async function markPaymentsCancelOwed(db: Executor, orderId: string, since: Date): Promise<void> {
  await db
    .updateTable('payments')
    .set({ cancel_owed_since: since })
    .where('order_id', '=', orderId)
    .where('provider_ref', 'is not', null)
    .where('status', '!=', 'succeeded')
    .where('cancel_owed_since', 'is', null)
    .execute();
}

/** Payments owing a cancel at their provider, the oldest mark first, but those of `skipProviders`. */
export async function findCancelOwedPayments(db: Executor, limit: number, skipProviders: readonly string[] = []) {
  let query = db
    .selectFrom('payments')
    .select(['id', 'order_id', 'provider', 'provider_ref', 'status', 'cancel_owed_since'])
    .where('cancel_owed_since', 'is not', null)
    .where('provider_ref', 'is not', null);
  if (skipProviders.length > 0) query = query.where('provider', 'not in', skipProviders);
  return query
    .orderBy('cancel_owed_since')
    .orderBy('id')
    .limit(limit)
    .$narrowType<{ provider_ref: string; cancel_owed_since: Date | string }>()
    .execute();
}

/** Clears a payment's owed cancel: its provider answered, or it is no longer to be asked. */
export async function clearPaymentCancelOwed(db: Executor, provider: string, providerRef: string): Promise<void> {
  await db
    .updateTable('payments')
    .set({ cancel_owed_since: null })
    .where('provider', '=', provider)
    .where('provider_ref', '=', providerRef)
    .where('cancel_owed_since', 'is not', null)
    .execute();
}

/** What became of a provider event; 'parked' waits for the order's own refunds to settle. */
export type PaymentEventOutcome = 'applied' | 'ignored' | 'refused' | 'parked';

/**
 * Records a provider's event as seen; false when it was seen before (the primary key on provider
 * and event id). Inserted first in the transaction that applies it, so an event applies once.
 */
export async function insertPaymentEvent(
  db: Executor,
  e: {
    provider: string;
    providerEventId: string;
    type: string;
    paymentId: string | null;
    orderId: string | null;
    outcome: PaymentEventOutcome;
    note?: string | null;
  },
): Promise<boolean> {
  try {
    await db
      .insertInto('payment_events')
      .values({
        provider: e.provider,
        provider_event_id: e.providerEventId,
        type: e.type,
        payment_id: e.paymentId,
        order_id: e.orderId,
        outcome: e.outcome,
        note: e.note?.slice(0, 500) ?? null,
      })
      .execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function setPaymentEventOutcome(
  db: Executor,
  provider: string,
  providerEventId: string,
  o: {
    outcome: PaymentEventOutcome;
    note?: string | null;
    paymentId?: string | null;
    orderId?: string | null;
    /** A parked refund event's running total. */
    amountMinor?: number | null;
  },
): Promise<void> {
  await db
    .updateTable('payment_events')
    .set({
      outcome: o.outcome,
      note: o.note?.slice(0, 500) ?? null,
      ...(o.paymentId !== undefined && { payment_id: o.paymentId }),
      ...(o.orderId !== undefined && { order_id: o.orderId }),
      ...(o.amountMinor !== undefined && { amount_minor: o.amountMinor }),
    })
    .where('provider', '=', provider)
    .where('provider_event_id', '=', providerEventId)
    .execute();
}

export async function findPaymentEvent(db: Executor, provider: string, providerEventId: string) {
  return db
    .selectFrom('payment_events')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_event_id', '=', providerEventId)
    .executeTakeFirst();
}

/**
 * Adds `amount` to an order's refunded total only while it stays within what was paid and the
 * order is in one of `statuses` (paid or partly refunded unless told): the conditional update is the guard against two refunds at once.
 * Returns the new total, or null when the refund does not fit.
 */
export async function addOrderRefunded(
  trx: Trx,
  orderId: string,
  amount: number,
  statuses: readonly OrderStatus[] = ['paid', 'partially_refunded'],
): Promise<number | null> {
  const { numUpdatedRows } = await trx
    .updateTable('orders')
    .set((eb) => ({ refunded_minor: eb('refunded_minor', '+', amount), updated_at: new Date() }))
    .where('id', '=', orderId)
    .where('status', 'in', [...statuses])
    .where(sql<boolean>`refunded_minor + ${amount} <= total_minor`)
    .executeTakeFirst();
  if (numUpdatedRows === 0n) return null;
  const row = await trx
    .selectFrom('orders')
    .select('refunded_minor')
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  return Number(row.refunded_minor);
}

/**
 * Takes back a reservation addOrderRefunded made for a refund the provider refused. The order's
 * status stays: it never counted a reservation (only refunds the provider made move it).
 */
export async function subtractOrderRefunded(trx: Trx, orderId: string, amount: number): Promise<void> {
  await trx
    .updateTable('orders')
    .set((eb) => ({ refunded_minor: eb('refunded_minor', '-', amount), updated_at: new Date() }))
    .where('id', '=', orderId)
    .where('refunded_minor', '>=', amount)
    .execute();
}

export async function insertRefund(
  db: Executor,
  r: {
    id: string;
    orderId: string;
    paymentId: string | null;
    amountMinor: number;
    currency: string;
    providerRef: string | null;
  },
): Promise<void> {
  await db
    .insertInto('refunds')
    .values({
      id: r.id,
      order_id: r.orderId,
      payment_id: r.paymentId,
      amount_minor: r.amountMinor,
      currency: r.currency,
      provider_ref: r.providerRef,
    })
    .execute();
}

export async function findRefund(db: Executor, id: string): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Settles a pending refund with the provider's id for it; false when it was settled or given back
 * already (a concurrent request with the same key, or the sweeper): exactly one settles it.
 */
export async function settleRefund(db: Executor, id: string, providerRef: string): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('refunds')
    .set({ provider_ref: providerRef })
    .where('id', '=', id)
    .where('provider_ref', 'is', null)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** Deletes a refund the provider refused, only while it is still pending; false when it was not. */
export async function deletePendingRefund(db: Executor, id: string): Promise<boolean> {
  const { numDeletedRows } = await db
    .deleteFrom('refunds')
    .where('id', '=', id)
    .where('provider_ref', 'is', null)
    .executeTakeFirst();
  return numDeletedRows > 0n;
}

/** How many of an order's refunds still wait for the provider's answer. */
export async function countPendingRefunds(db: Executor, orderId: string): Promise<number> {
  const row = await db
    .selectFrom('refunds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('order_id', '=', orderId)
    .where('provider_ref', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What an order's refunds still waiting for the provider reserved (minor units): not refunded yet. */
export async function sumPendingRefunds(db: Executor, orderId: string): Promise<number> {
  const row = await db
    .selectFrom('refunds')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_minor'), eb.lit(0)).as('n'))
    .where('order_id', '=', orderId)
    .where('provider_ref', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Refunds pending since a time in [from, before) (asked, never answered: an outage, a crash), oldest first. */
export async function findPendingRefundIds(
  db: Executor,
  w: { from: Date; before: Date },
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('refunds')
    .select('id')
    .where('provider_ref', 'is', null)
    .where('created_at', '>=', w.from)
    .where('created_at', '<', w.before)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** An order's parked refund events, in the order they came. */
export async function findParkedRefundEvents(db: Executor, orderId: string) {
  return db
    .selectFrom('payment_events')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('outcome', '=', 'parked')
    .orderBy('received_at')
    .orderBy('provider_event_id')
    .execute();
}

export async function findRefunds(db: Executor, orderId: string): Promise<RefundRow[]> {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

// The `test` provider's own side (a simulated gateway).

export async function findTestIntentByKey(db: Executor, idempotencyKey: string) {
  return db
    .selectFrom('test_payment_intents')
    .selectAll()
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

export async function findTestIntent(db: Executor, ref: string) {
  return db.selectFrom('test_payment_intents').selectAll().where('ref', '=', ref).executeTakeFirst();
}

const testIntentInsert = compiledInsert('test_payment_intents', [
  'ref',
  'idempotency_key',
  'order_id',
  'amount_minor',
  'currency',
  'status',
]);

type NewTestIntent = { ref: string; idempotencyKey: string; orderId: string; amountMinor: number; currency: string };

/** An intent for a key no other intent holds (a new order's: checkout writes it with the order). */
export async function insertNewTestIntent(db: Runner, i: NewTestIntent): Promise<void> {
  await testIntentInsert(db, [
    {
      ref: i.ref,
      idempotency_key: i.idempotencyKey,
      order_id: i.orderId,
      amount_minor: i.amountMinor,
      currency: i.currency,
      status: 'requires_payment_method',
    },
  ]);
}

/**
 * Inserts an intent unless one exists for the key; returns the ref of the one that holds the key
 * (read back only when another did: the insert that succeeded knows its own).
 */
export async function insertTestIntent(db: Executor & Runner, i: NewTestIntent): Promise<string> {
  try {
    await insertNewTestIntent(db, i);
    return i.ref;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const row = await findTestIntentByKey(db, i.idempotencyKey);
  if (!row) throw new Error('test payment intent vanished');
  return row.ref;
}

/**
 * Moves an intent from `from` to `to` in one conditional update (a confirm claims it this way, so
 * two confirms never both charge); `capture` counts a successful charge. True when it moved.
 */
export async function moveTestIntent(
  db: Executor,
  ref: string,
  from: string[],
  to: string,
  capture = false,
): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('test_payment_intents')
    .set((eb) => ({
      status: to as never,
      updated_at: new Date(),
      ...(capture && { captures: eb('captures', '+', 1) }),
    }))
    .where('ref', '=', ref)
    .where('status', 'in', from as never[])
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** Adds a refund within the captured amount; the new refunded total, or null when it does not fit. */
export async function refundTestIntent(db: Executor, ref: string, amount: number): Promise<number | null> {
  const { numUpdatedRows } = await db
    .updateTable('test_payment_intents')
    .set((eb) => ({ refunded_minor: eb('refunded_minor', '+', amount), updated_at: new Date() }))
    .where('ref', '=', ref)
    .where('status', '=', 'succeeded')
    .where(sql<boolean>`refunded_minor + ${amount} <= amount_minor`)
    .executeTakeFirst();
  if (numUpdatedRows === 0n) return null;
  const row = await findTestIntent(db, ref);
  return row ? Number(row.refunded_minor) : null;
}

export async function insertTestWebhook(
  db: Executor & Pick<Db, 'executeQuery'>,
  w: { eventId: string; intentRef: string; payload: string; delayMs: number },
): Promise<void> {
  await db
    .insertInto('test_payment_webhooks')
    .values({
      event_id: w.eventId,
      intent_ref: w.intentRef,
      payload: w.payload,
      due_at: sql<number>`${dbNowMs(db as Db)} + ${w.delayMs}`,
    })
    .execute();
}

/**
 * Claims up to `limit` due webhooks for `leaseMs` by moving their next attempt forward: another
 * instance's claim skips them until then. Returns the claimed rows.
 */
export async function claimDueTestWebhooks(db: Db, limit: number, leaseMs: number) {
  const now = dbNowMs(db);
  const due = await db
    .selectFrom('test_payment_webhooks')
    .select(['event_id', 'due_at'])
    .where('delivered_at', 'is', null)
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .execute();
  const claimed: string[] = [];
  for (const d of due) {
    const { numUpdatedRows } = await db
      .updateTable('test_payment_webhooks')
      .set((eb) => ({ due_at: sql<number>`${now} + ${leaseMs}`, attempts: eb('attempts', '+', 1) }))
      .where('event_id', '=', d.event_id)
      .where('due_at', '=', d.due_at)
      .where('delivered_at', 'is', null)
      .executeTakeFirst();
    if (numUpdatedRows > 0n) claimed.push(d.event_id);
  }
  if (claimed.length === 0) return [];
  return db.selectFrom('test_payment_webhooks').selectAll().where('event_id', 'in', claimed).execute();
}

export async function markTestWebhookDelivered(db: Executor, eventId: string): Promise<void> {
  await db
    .updateTable('test_payment_webhooks')
    .set({ delivered_at: new Date(), last_error: null })
    .where('event_id', '=', eventId)
    .execute();
}

/** A failed attempt: the next one `retryMs` from now (database clock). */
export async function retryTestWebhook(db: Db, eventId: string, error: string, retryMs: number): Promise<void> {
  await db
    .updateTable('test_payment_webhooks')
    .set({ last_error: error.slice(0, 500), due_at: sql<number>`${dbNowMs(db)} + ${retryMs}` })
    .where('event_id', '=', eventId)
    .where('delivered_at', 'is', null)
    .execute();
}

/**
 * Locks an order row for the rest of the transaction. MySQL locks the row (FOR UPDATE). SQLite has
 * no row locks: a no-op write takes the database's write lock first, so this may be a
 * transaction's first statement. A transaction that read first and wrote later would fail with
 * SQLITE_BUSY_SNAPSHOT if another process sharing the embedded file wrote in between.
 */
export async function lockOrderRow(trx: Trx, orderId: string) {
  const q = trx.selectFrom('orders').selectAll().where('id', '=', orderId);
  if (isMysql(trx)) return q.forUpdate().executeTakeFirst();
  await trx
    .updateTable('orders')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', orderId)
    .execute();
  return q.executeTakeFirst();
}
