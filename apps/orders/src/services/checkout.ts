import type { CheckoutResponse, ClosedOrderOutcome, OrderAddress } from '@greencommerce/contracts';
import {
  findCartItemsWithCatalog,
  findOrder,
  findOrderLines,
  findPaymentById,
  insertOrder,
  insertPayment,
  lockAccountAndCart,
  markCartCheckedOut,
  type OrderLineRow,
  type OrderRow,
  type Runner,
  reserveStock,
  retriedTransaction,
  statementBatch,
  type Trx,
  toDate,
} from '@greencommerce/db';
import { enqueueEvents } from '@greencommerce/events';
import { AppError, type Principal } from '@greencommerce/http';
import type { OrdersDeps } from '../deps';
import { type PaymentProvider, payableOrder, type StartedPayment } from '../payments/provider';
import { providerFailure } from '../payments/provider-failure';
import { closedOrderConflict, refuseIfClosedMeanwhile } from './cancel-payment';
import { idempotent, requestHash } from './idempotency';
import { orderReceipt, orderView } from './order-view';
import { answeringShortStock, ShortStock } from './short-stock';
import { orderTotals } from './totals';

export type CheckoutInput = { shippingAddress: OrderAddress; paymentProvider: string };

/**
 * POST /checkout: the caller's cart becomes an order, once per Idempotency-Key (see idempotent()).
 *
 * 1. One transaction, after claiming the key: the account held (a deletion waits for this commit,
 *    so its UserDeleted finds the order; an account already gone is a 401 and nothing is written),
 *    the cart locked and closed, every line re-priced from the catalog, its stock reserved with
 *    `stock >= n`, the order with its lines and totals, and the OrderPlaced and CartCheckedOut
 *    events. Any short line rolls all of it back: a 409 naming each.
 *    A provider whose state is in this database (the test provider) starts the payment in the same
 *    transaction, and the response is stored with it: the request is done at the commit.
 * 2. Otherwise, outside any lock: the payment started with the chosen provider (idempotent per
 *    order), and the response stored under the key. A request finding the order placed but not
 *    answered (a crash, a provider outage, a concurrent twin) resumes here, unless the order was
 *    closed meanwhile.
 */
export async function checkout(
  deps: OrdersDeps,
  principal: Principal,
  key: string,
  input: CheckoutInput,
): Promise<CheckoutResponse> {
  // From the token, like every fact about the caller: a refresh after verifying carries it.
  if (deps.config.requireVerifiedEmail && !principal.emailVerified) {
    throw new AppError('FORBIDDEN', 'Verify your email address before checking out (then sign in again or refresh)');
  }
  const provider = deps.payments.get(input.paymentProvider);
  if (!provider) {
    const offered = [...deps.payments.keys()].join(', ');
    throw new AppError('VALIDATION_FAILED', 'Request body is invalid', [
      { path: 'paymentProvider', message: `is not offered here; one of: ${offered || 'none'}` },
    ]);
  }
  const { db } = deps;
  const orderId = Bun.randomUUIDv7();
  return idempotent<Placed, CheckoutResponse>({
    db,
    userId: principal.userId,
    key,
    hash: requestHash(input),
    refs: { orderId },
    // At READ COMMITTED on MySQL, as every session of this app (ORDERS_DB_OPTIONS).
    transaction: (work) => answeringShortStock(db, () => retriedTransaction(db, work)),
    claim: (trx, answer) => placeOrder(deps, { principal, orderId, input, provider }, trx, answer),
    resume: async (existing) => {
      const order = existing.order_id ? await findOrder(db, existing.order_id) : undefined;
      if (!order) throw new Error(`the order of idempotency key ${key} is gone`);
      // Resumed after an outage, the order may have been cancelled or expired meanwhile (its stock is
      // back): no payment is started for it, or the customer could pay for goods no longer reserved.
      if (order.status === 'cancelled' || order.status === 'expired') {
        throw closedOrderConflict({
          order: { id: order.id, status: order.status },
          payment: await closedOrderPayment(deps, order),
        });
      }
      // Every order is placed with its payment row (orders before that got one by migration).
      if (!order.payment_id) throw new Error(`order ${order.id} has no payment`);
      const lines = await findOrderLines(db, [order.id]);
      return { order, lines, paymentId: order.payment_id, placedNow: false };
    },
    finish: (placed) => startPayment(deps, provider, placed),
    status: 201,
    reused: 'This Idempotency-Key was already used with a different request; use a new key for a new checkout',
  });
}

/**
 * What became of the payment of an order found closed on a resume (or a replay of the 409). Never
 * started: nothing was charged. Otherwise the closing asked the provider to cancel it, but what the
 * provider answered is not kept, and a payment that succeeded all the same is refunded by the
 * webhook's handling: 'refunded' ("if it was charged, it is refunded") is the one answer that is
 * true either way, never "not charged" when it may have been.
 */
async function closedOrderPayment(deps: OrdersDeps, order: OrderRow): Promise<ClosedOrderOutcome['payment']> {
  const payment = order.payment_id ? await findPaymentById(deps.db, order.payment_id) : undefined;
  // Succeeded first: the webhook may record a success before the start's reference is stored.
  if (payment?.status !== 'succeeded' && !payment?.provider_ref) return 'not_started';
  return 'refunded';
}

const emptyCart = () => new AppError('CONFLICT', 'Your cart is empty: add products before checking out');

/** placedNow: by this request's own transaction (not resumed), so no payment was started for it before. */
type Placed = { order: OrderRow; lines: OrderLineRow[]; paymentId: string; placedNow: boolean };

type Placing = { principal: Principal; orderId: string; input: CheckoutInput; provider: PaymentProvider };

/**
 * Step 1, all or nothing, in the transaction that claimed the key. A provider that starts payments
 * in it (the test provider) is asked here, and the response stored with the order: nothing is left
 * for step 2. The stock is reserved last, just before the commit: the products' rows, which every
 * checkout of a popular product contends for, stay locked for as short as possible.
 */
async function placeOrder(
  deps: OrdersDeps,
  { principal, orderId, input, provider }: Placing,
  trx: Trx,
  answer: (db: Runner, response: CheckoutResponse) => Promise<void>,
): Promise<Placed> {
  const { config } = deps;
  const userId = principal.userId;
  // A token outlives a deleted account by up to its lifetime: no order for an account that is gone,
  // and none committed after its UserDeleted was handled (the deletion waits for this transaction).
  const held = await lockAccountAndCart(trx, userId);
  if (!held) throw new AppError('UNAUTHORIZED', 'The account no longer exists');
  const cartId = held.cartId;
  if (!cartId) throw emptyCart();
  // Prices as the catalog has them now, in the same read; the reservation re-checks that each is still on sale.
  const items = await findCartItemsWithCatalog(trx, cartId);
  if (items.length === 0) throw emptyCart();
  // A product gone from the table is short like any other (reserveStock also refuses archived ones).
  if (items.some((i) => i.catalog_id === null)) throw new ShortStock(items);

  const currencies = new Set(items.map((i) => i.currency));
  if (currencies.size !== 1) throw new AppError('CONFLICT', 'The cart mixes currencies; remove the lines of one');
  const currency = [...currencies][0] as string;
  const lines: OrderLineRow[] = items.map((item, position) => {
    const unit = Number(item.price_minor);
    return {
      order_id: orderId,
      position,
      product_id: item.product_id,
      slug: item.slug as string,
      name: item.name as string,
      unit_price_minor: unit,
      quantity: item.quantity,
      line_total_minor: unit * item.quantity,
    };
  });
  const totals = orderTotals(
    lines.map((l) => ({ unitPriceMinor: l.unit_price_minor, quantity: l.quantity })),
    config,
  );
  // Whole seconds, as DATETIME keeps them: the response shows what a later read shows.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  // The order's payment is chosen with it: the amount the provider will be asked for is written in
  // the same transaction as the totals it comes from, and the order points at it from its first row.
  const paymentId = crypto.randomUUID();
  const order: OrderRow = {
    id: orderId,
    user_id: userId,
    status: 'pending_payment',
    currency,
    subtotal_minor: totals.subtotalMinor,
    shipping_minor: totals.shippingMinor,
    total_minor: totals.totalMinor,
    refunded_minor: 0,
    customer_name: input.shippingAddress.name,
    customer_email: principal.email,
    shipping_address: JSON.stringify(input.shippingAddress),
    personal_data_erased_at: null,
    payment_provider: input.paymentProvider,
    payment_id: paymentId,
    expires_at: new Date(now.getTime() + config.paymentTtlSeconds * 1000),
    version: 1,
    paid_at: null,
    closed_at: null,
    created_at: now,
    updated_at: now,
  };
  // From here to the stock, one round trip on MySQL: the writes before it answer nothing this reads.
  const { writes, send } = statementBatch(trx);
  await insertOrder(writes, order, lines);
  const started = await provider.startInCheckout?.(writes, payableOrder(order, paymentId, true));
  // Without `started`, step 2 asks the provider and records its answer on this row.
  await insertPayment(writes, {
    id: paymentId,
    orderId,
    provider: input.paymentProvider,
    amountMinor: totals.totalMinor,
    currency,
    started,
  });
  await markCartCheckedOut(writes, cartId);
  await enqueueEvents(writes, [
    {
      event: 'OrderPlaced',
      data: {
        ...orderReceipt(order, lines),
        paymentProvider: input.paymentProvider,
        expiresAt: toDate(order.expires_at).toISOString(),
      },
    },
    { event: 'CartCheckedOut', data: { cartId, userId, orderId } },
  ]);
  if (started) await answer(writes, checkoutResponse(order, lines, provider.name, { paymentId, ...started }));
  // Last, so the contended product rows are locked only until the commit; one UPDATE for every line
  // (a round trip less per line while they are locked), and a short line rolls back all of the above.
  const reserved = await send((db) =>
    reserveStock(
      db,
      items.map((i) => ({ productId: i.product_id, quantity: i.quantity })),
    ),
  );
  if (!reserved) throw new ShortStock(items);
  return { order, lines, paymentId, placedNow: true };
}

/** Step 2: the payment (the provider returns the same one for the same order), answered as stored. */
async function startPayment(
  deps: OrdersDeps,
  provider: PaymentProvider,
  { order, lines, paymentId, placedNow }: Placed,
): Promise<CheckoutResponse> {
  let started: StartedPayment;
  try {
    started = await provider.startPayment(payableOrder(order, paymentId, placedNow));
  } catch (err) {
    // The order stands (its stock stays reserved until it is paid or expires); the same key resumes here.
    throw providerFailure(deps.logger, provider.name, err, {
      refused: `${provider.name} refused to start the payment of order ${order.id}`,
      unavailable: 'the order is placed; retry with the same Idempotency-Key to pay',
      log: { orderId: order.id },
    });
  }
  // Its owner may have cancelled it since it was found open (the order is visible from its commit).
  await refuseIfClosedMeanwhile(deps, order, started.providerRef);
  return checkoutResponse(order, lines, provider.name, started);
}

/** The 201's body, the same whether the payment was started in the order's transaction or after it. */
const checkoutResponse = (
  order: OrderRow,
  lines: OrderLineRow[],
  provider: string,
  started: StartedPayment,
): CheckoutResponse => ({
  order: orderView(order, lines),
  payment: {
    id: started.paymentId,
    provider,
    clientSecret: started.clientSecret ?? null,
    confirmationUrl: started.confirmationUrl ?? null,
  },
});
