import { type Db, insertPayment, insertUser } from '@greencommerce/db';
import { createBaseApp, createLogger, openApiDocument } from '@greencommerce/http';
import {
  adminTokenFor,
  createMysqlTestDb,
  createSqliteTestDb,
  newUser,
  type TestDb,
  testVerifier,
  uniqueEmail,
} from '@greencommerce/testing';
import { ORDERS_DB_OPTIONS } from '../src/db-options';
import { paymentRoutes } from '../src/payments/payments.handlers';
import { createPaymentProviders, type PaymentsConfig } from '../src/payments/registry';
import type { TestPaymentProvider } from '../src/payments/test-provider';
import { signTestWebhook, TEST_SIGNATURE_HEADER } from '../src/payments/test-signature';
import { testWebhookDelivery } from '../src/payments/test-webhook-delivery';

export type DbKind = 'mysql' | 'sqlite';
export const DB_KINDS: DbKind[] = ['mysql', 'sqlite'];
export const TEST_SECRET = 'test-payments-secret-for-tests-only';

/**
 * The payment routes on a real database, with the test provider (and stripe, when given a stand-in).
 * `autoDeliver: false` leaves test webhooks queued, so a test can send them itself in any order.
 */
export async function createPaymentsTest(
  name: string,
  kind: DbKind,
  o: { autoDeliver?: boolean; stripe?: PaymentsConfig['stripe']; delayMs?: number } = {},
) {
  const t: TestDb =
    kind === 'mysql' ? await createMysqlTestDb(`payments_${name}`, ORDERS_DB_OPTIONS) : await createSqliteTestDb();
  const logger = createLogger('orders', { level: 'silent' });
  const config: PaymentsConfig = {
    providers: ['test', ...(o.stripe ? ['stripe'] : [])],
    testWebhookSecret: TEST_SECRET,
    testDelayMs: o.delayMs ?? 50,
    testDeliveryIntervalMs: 20,
    webhookToleranceSeconds: 300,
    ...(o.stripe && { stripe: o.stripe }),
  };
  const payments = createPaymentProviders(t.db, config);
  let app: ReturnType<typeof build> | undefined;
  const delivery = testWebhookDelivery({
    db: t.db,
    secret: TEST_SECRET,
    send: async (r) => (app as ReturnType<typeof build>).fetch(r),
    logger,
    intervalMs: 20,
  });
  const deps = {
    db: t.db,
    logger,
    verifyToken: testVerifier(),
    payments,
    ...(o.autoDeliver !== false && { deliverTestWebhooks: () => delivery.deliverDue() }),
  };
  const routes = paymentRoutes(deps);
  const build = () => createBaseApp({ logger, corsOrigins: [] }).route('/', routes);
  app = build();
  const built = app;
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    built.request(path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const admin = { authorization: `Bearer ${await adminTokenFor(1)}` };
  return {
    app: built,
    db: t.db,
    logger,
    drop: async () => {
      await delivery.stop();
      await t.drop();
    },
    call,
    delivery,
    admin,
    payments,
    doc: openApiDocument(routes, { title: 'GreenCommerce payments', version: '1.0.0' }),
    testProvider: payments.get('test') as TestPaymentProvider,
    user: async () => {
      const u = await newUser(t.db);
      return { id: u.id, headers: { authorization: `Bearer ${u.token}` } };
    },
    /** An order placed as checkout places it (rows written directly) with its payment started. */
    order: (userId: number, opts: { totalMinor?: number; provider?: string; currency?: string } = {}) =>
      placeOrder(t.db, payments, userId, opts),
    /** An order as a checkout stopped before its provider was asked leaves it: its payment row not started. */
    unstartedOrder: (userId: number, opts: { totalMinor?: number; provider?: string; currency?: string } = {}) =>
      insertPlacedOrder(t.db, userId, opts),
    /** POST /orders/:id/refunds as the admin, with a new Idempotency-Key unless given. */
    refund: (orderId: string, amount: unknown, key: string = crypto.randomUUID(), headers = admin) =>
      call('POST', `/orders/${orderId}/refunds`, { ...headers, 'idempotency-key': key }, { amount }),
    /** Sends a body to the test webhook route signed now (or at `at`), as the provider does. */
    sendTestWebhook: (payload: string, at?: number, secret = TEST_SECRET) =>
      built.request('/payments/webhooks/test', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TEST_SIGNATURE_HEADER]: signTestWebhook(secret, payload, at) },
        body: payload,
      }),
  };
}
export type PaymentsTest = Awaited<ReturnType<typeof createPaymentsTest>>;

export async function placeOrder(
  db: Db,
  payments: ReturnType<typeof createPaymentProviders>,
  userId: number,
  opts: { totalMinor?: number; provider?: string; currency?: string },
) {
  const { id, total, currency, paymentId } = await insertPlacedOrder(db, userId, opts);
  const provider = payments.get(opts.provider ?? 'test');
  if (!provider) throw new Error('no provider');
  const started = await provider.startPayment({
    id,
    paymentId,
    userId,
    currency,
    totalMinor: total,
    email: 'ana@example.com',
  });
  return { id, total, currency, ...started };
}

/** The rows of a placed order, its payment row not started yet (no provider asked). */
async function insertPlacedOrder(
  db: Db,
  userId: number,
  opts: { totalMinor?: number; provider?: string; currency?: string },
) {
  const id = crypto.randomUUID();
  const total = opts.totalMinor ?? 5495;
  const currency = opts.currency ?? 'USD';
  const paymentId = crypto.randomUUID();
  await db
    .insertInto('orders')
    .values({
      id,
      user_id: userId,
      status: 'pending_payment',
      currency,
      subtotal_minor: total - 495,
      shipping_minor: 495,
      total_minor: total,
      customer_name: 'Ana Pérez',
      customer_email: 'ana@example.com',
      shipping_address: '{}',
      payment_provider: opts.provider ?? 'test',
      payment_id: paymentId,
      expires_at: new Date(Date.now() + 30 * 60_000),
    })
    .execute();
  // As checkout writes it: the order's payment row, not yet started.
  await insertPayment(db, {
    id: paymentId,
    orderId: id,
    provider: opts.provider ?? 'test',
    amountMinor: total,
    currency,
  });
  await db
    .insertInto('order_lines')
    .values({
      order_id: id,
      position: 0,
      product_id: 1,
      slug: 'p-1',
      name: 'Product 1',
      unit_price_minor: total - 495,
      quantity: 1,
      line_total_minor: total - 495,
    })
    .execute();
  return { id, total, currency, paymentId };
}

/** Outbox events of one order, by event name. */
export async function orderEvents(db: Db, orderId: string): Promise<string[]> {
  const rows = await db.selectFrom('outbox').select('payload').where('event_key', '=', orderId).orderBy('id').execute();
  return rows.map((r) => (JSON.parse(r.payload) as { event: string }).event);
}

export const count = (events: string[], name: string) => events.filter((e) => e === name).length;

export async function orderRow(db: Db, id: string) {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The test provider's queued webhook bodies for an order's payment, oldest first. */
export async function queuedWebhooks(db: Db, providerRef: string) {
  return db
    .selectFrom('test_payment_webhooks')
    .selectAll()
    .where('intent_ref', '=', providerRef)
    .orderBy('created_at')
    .orderBy('attempts')
    .execute();
}

/** Waits for a condition the service reaches on its own (the delayed card); fails after `ms`. */
export async function eventually(check: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await Bun.sleep(20);
  }
  throw new Error('condition not reached');
}

export { expectError } from '@greencommerce/testing';
export { insertUser, uniqueEmail };
