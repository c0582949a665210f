// Checkout with the test provider, whose payment starts in the order's transaction and whose answer
// is stored in it, its writes sent as one batch on MariaDB (statementBatch): the paths FakeProvider
// (the other checkout tests' provider, started after the commit) does not take.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { MAX_CART_LINES } from '@greencommerce/contracts';
import { createDb, type Db, statementBatch } from '@greencommerce/db';
import { createLogger, type Logger } from '@greencommerce/http';
import {
  createMysqlTestDb,
  createSqliteTestDb,
  insertAccount,
  TEST_JWT_ENV,
  type TestDb,
  testVerifier,
  tokenFor,
} from '@greencommerce/testing';
import { sql } from 'kysely';
import { ORDERS_DB_OPTIONS } from '../src/db-options';
import { depsFromEnv } from '../src/deps-from-env';
import { loadEnv } from '../src/env';
import { createPaymentProviders } from '../src/payments/registry';
import { TEST_SECRET } from './payments-support';
import { address, checkoutBody, createApp, DB_KINDS, fillCart, insertProduct, stockOf, TEST_CONFIG } from './support';

const appOn = (db: Db, logger: Logger = createLogger('orders', { level: 'silent' })) =>
  createApp({
    db,
    logger,
    verifyToken: testVerifier(),
    config: TEST_CONFIG,
    payments: createPaymentProviders(db, {
      providers: ['test'],
      testWebhookSecret: TEST_SECRET,
      testDelayMs: 50,
      testDeliveryIntervalMs: 20,
      webhookToleranceSeconds: 300,
    }),
  });

const rowCount = async (
  db: Db,
  table: 'orders' | 'idempotency_keys' | 'test_payment_intents' | 'payments' | 'outbox',
) => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0]?.n);
const TABLES = ['orders', 'idempotency_keys', 'test_payment_intents', 'payments', 'outbox'] as const;
const rowCounts = async (db: Db) => Promise.all(TABLES.map((table) => rowCount(db, table)));

for (const kind of DB_KINDS) {
  describe(`checkout with the test provider (${kind})`, () => {
    let t: TestDb;
    let app: ReturnType<typeof appOn>;
    let nextUser = 8_000_000 + Math.floor(Math.random() * 1000) * 1000;
    beforeAll(async () => {
      t =
        kind === 'mysql'
          ? await createMysqlTestDb('checkout_test_provider', ORDERS_DB_OPTIONS)
          : await createSqliteTestDb();
      app = appOn(t.db);
    });
    afterAll(() => t.drop());

    const shopper = async (lines: { productId: number; quantity: number }[]) => {
      const id = nextUser++;
      await insertAccount(t.db, `u${id}@example.com`, id);
      const cartId = await fillCart(t.db, id, lines);
      return { id, cartId, headers: { authorization: `Bearer ${await tokenFor(id)}` } };
    };
    const post = (on: ReturnType<typeof appOn>, headers: Record<string, string>, key: string, body: unknown) =>
      on.request('/checkout', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });

    test('ten twins with one key: one order, intent and payment, the same bytes to each, and those bytes stored', async () => {
      const product = await insertProduct(t.db, { stock: 10 });
      const u = await shopper([{ productId: product, quantity: 3 }]);
      const key = crypto.randomUUID();
      const body = checkoutBody({ paymentProvider: 'test' });
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(app, u.headers, key, body)));
      const texts = await Promise.all(responses.map((r) => r.text()));
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(texts).size).toBe(1);
      const first = texts[0] as string;
      const orderId = JSON.parse(first).order.id as string;
      const of = (table: 'orders' | 'test_payment_intents' | 'payments', column: 'user_id' | 'order_id', v: unknown) =>
        t.db
          .selectFrom(table)
          .select('id' as never)
          .where(column as never, '=', v as never)
          .execute();
      expect((await of('orders', 'user_id', u.id)).length).toBe(1);
      expect(
        (await t.db.selectFrom('test_payment_intents').select('ref').where('order_id', '=', orderId).execute()).length,
      ).toBe(1);
      expect((await of('payments', 'order_id', orderId)).length).toBe(1);
      expect(await stockOf(t.db, product)).toBe(7);
      const stored = await t.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('user_id', '=', u.id)
        .executeTakeFirstOrThrow();
      expect(stored.response_body).toBe(first);
      // A replay answers the same bytes; the key with another body is a 422 that changes nothing.
      expect(await (await post(app, u.headers, key, body)).text()).toBe(first);
      const other = checkoutBody({ paymentProvider: 'test', shippingAddress: address({ city: 'Loja' }) });
      expect((await post(app, u.headers, key, other)).status).toBe(422);
      expect((await of('orders', 'user_id', u.id)).length).toBe(1);
      // The order as read later is the order in the 201.
      const read = await app.request(`/orders/${orderId}`, { headers: u.headers });
      expect(await read.json()).toEqual(JSON.parse(first).order);
    });

    test('what a shopper types reaches the rows unchanged: quotes, backslashes, `?` and `;`, comments, emoji', async () => {
      const product = await insertProduct(t.db, { stock: 10 });
      const u = await shopper([{ productId: product, quantity: 1 }]);
      const typed = {
        name: `O'Brien "?" ; \\'; DROP TABLE orders; -- ?? /* */ # 😀 ☃`,
        line1: "x\\\\' or 1=1; select sleep(5); -- 1",
        line2: '?, ?, ?',
        city: '\\0\\n\\Z',
        region: "''''",
        postalCode: '?;?',
        country: 'EC',
      };
      const res = await post(
        app,
        u.headers,
        crypto.randomUUID(),
        checkoutBody({ paymentProvider: 'test', shippingAddress: typed }),
      );
      expect(res.status).toBe(201);
      const order = await t.db.selectFrom('orders').selectAll().where('user_id', '=', u.id).executeTakeFirstOrThrow();
      expect(order.customer_name).toBe(typed.name);
      expect(JSON.parse(order.shipping_address as string)).toEqual(typed);
    });

    test('a short line: the 409 names each short line, and not one row of the batch is left', async () => {
      const a = await insertProduct(t.db, { stock: 1, name: 'Short A' });
      const b = await insertProduct(t.db, { stock: 1, name: 'Short B' });
      const c = await insertProduct(t.db, { stock: 5 });
      const u = await shopper([
        { productId: a, quantity: 2 },
        { productId: b, quantity: 3 },
        { productId: c, quantity: 1 },
      ]);
      const before = await rowCounts(t.db);
      const res = await post(app, u.headers, crypto.randomUUID(), checkoutBody({ paymentProvider: 'test' }));
      expect(res.status).toBe(409);
      const { error } = (await res.json()) as { error: { details: { message: string }[] } };
      expect(error.details.map((d) => d.message)).toEqual([
        'Short A: 2 requested, 1 available',
        'Short B: 3 requested, 1 available',
      ]);
      expect(await rowCounts(t.db)).toEqual(before);
      const cart = await t.db.selectFrom('carts').select('status').where('id', '=', u.cartId).executeTakeFirstOrThrow();
      expect(cart.status).toBe('active');
      expect([await stockOf(t.db, a), await stockOf(t.db, b), await stockOf(t.db, c)]).toEqual([1, 1, 5]);
    });

    // The proof on the default path: each winner's intent, payment and answer in its batch.
    test('50 shoppers at once for 10 in stock: 10 orders each with one intent, payment and stored answer; 40 clean 409s that leave nothing', async () => {
      const product = await insertProduct(t.db, { stock: 10, name: 'Última unidad' });
      const shoppers = await Promise.all(
        Array.from({ length: 50 }, () => shopper([{ productId: product, quantity: 1 }])),
      );
      const before = await rowCounts(t.db);
      const responses = await Promise.all(
        shoppers.map((u) => post(app, u.headers, crypto.randomUUID(), checkoutBody({ paymentProvider: 'test' }))),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 409)).toHaveLength(40);
      expect(await stockOf(t.db, product)).toBe(0);
      // orders, idempotency_keys, test_payment_intents, payments, outbox (OrderPlaced, CartCheckedOut)
      expect((await rowCounts(t.db)).map((n, i) => n - (before[i] as number))).toEqual([10, 10, 10, 10, 20]);
      const winners = shoppers.filter((_, i) => statuses[i] === 201).map((u) => u.id);
      const answered = await t.db
        .selectFrom('idempotency_keys')
        .select(['user_id', 'response_status'])
        .where('user_id', 'in', winners)
        .execute();
      expect(answered.map((r) => r.response_status)).toEqual(Array(10).fill(201));
    });

    // The largest cart the cart service keeps, of names as long as the catalog takes, in a script of
    // three bytes a character: OrderPlaced and the stored answer each carry ~80 KB of names (over the
    // 64 KiB of a MySQL TEXT, which MariaDB refused with a 500 on every retry).
    test('a full cart of the longest names in a three-byte script checks out, its event and answer whole', async () => {
      const long = (n: number) => `有機栽培の静岡県産深蒸し煎茶${n}`.padEnd(255, '茶');
      const lines = [];
      for (let n = 0; n < MAX_CART_LINES; n++) {
        lines.push({ productId: await insertProduct(t.db, { stock: 5, name: long(n) }), quantity: 1 });
      }
      const u = await shopper(lines);
      const res = await post(app, u.headers, crypto.randomUUID(), checkoutBody({ paymentProvider: 'test' }));
      expect(res.status).toBe(201);
      const text = await res.text();
      expect(new TextEncoder().encode(text).length).toBeGreaterThan(65_536);
      const body = JSON.parse(text) as { order: { id: string; lines: { name: string }[] } };
      expect(body.order.lines.map((l) => l.name)).toEqual(lines.map((_, n) => long(n)));
      const [placed] = await t.db
        .selectFrom('outbox')
        .select('payload')
        .where('topic', '=', 'orders.placed')
        .where('payload', 'like', `%${body.order.id}%`)
        .execute();
      expect((JSON.parse(placed?.payload as string) as { data: { lines: unknown[] } }).data.lines).toHaveLength(
        MAX_CART_LINES,
      );
      const stored = await t.db
        .selectFrom('idempotency_keys')
        .select('response_body')
        .where('user_id', '=', u.id)
        .execute();
      expect(stored.map((r) => r.response_body)).toEqual([text]);
    });

    // Keys are the client's opaque strings: one differing only in case is another checkout.
    test('keys that differ only in letter case are two keys', async () => {
      const product = await insertProduct(t.db, { stock: 10 });
      const u = await shopper([{ productId: product, quantity: 1 }]);
      const first = await post(app, u.headers, 'Order-Key-A', checkoutBody({ paymentProvider: 'test' }));
      expect(first.status).toBe(201);
      await fillCart(t.db, u.id, [{ productId: product, quantity: 2 }]);
      const second = await post(app, u.headers, 'order-key-a', checkoutBody({ paymentProvider: 'test' }));
      expect(second.status).toBe(201);
      const ids = [first, second].map(async (r) => ((await r.json()) as { order: { id: string } }).order.id);
      const [a, b] = await Promise.all(ids);
      expect(a).not.toBe(b);
      expect(await stockOf(t.db, product)).toBe(7);
      // And each still replays its own order.
      const again = await post(app, u.headers, 'Order-Key-A', checkoutBody({ paymentProvider: 'test' }));
      expect(((await again.json()) as { order: { id: string } }).order.id).toBe(a as string);
    });

    if (kind !== 'mysql') return;

    test('the app started from its env batches on MySQL', async () => {
      const deps = await depsFromEnv(loadEnv({ ...TEST_JWT_ENV, DATABASE_URL: t.url }));
      try {
        await deps.db.transaction().execute(async (trx) => {
          expect(statementBatch(trx).writes).not.toBe(trx);
        });
      } finally {
        await deps.db.destroy();
      }
    });

    test("a batch waiting too long for the stock's lock: a 503, nothing written, and no personal data in the log", async () => {
      const lines: string[] = [];
      const db = createDb({ url: t.url, poolSize: 1, ...ORDERS_DB_OPTIONS });
      await sql`SET SESSION innodb_lock_wait_timeout = 1`.execute(db);
      const logged = appOn(
        db,
        createLogger('orders', { level: 'error', destination: { write: (l: string) => void lines.push(l) } }),
      );
      const product = await insertProduct(t.db, { stock: 5 });
      const u = await shopper([{ productId: product, quantity: 1 }]);
      const other = createDb({ url: t.url, poolSize: 1 });
      try {
        const before = await rowCounts(t.db);
        const res = await other.transaction().execute(async (trx) => {
          await sql`UPDATE products SET stock = stock WHERE id = ${product}`.execute(trx);
          const name = { name: 'Secret Person', line1: 'Calle Privada 9' };
          return post(
            logged,
            u.headers,
            crypto.randomUUID(),
            checkoutBody({ paymentProvider: 'test', shippingAddress: address(name) }),
          );
        });
        expect(res.status).toBe(503);
        expect(await rowCounts(t.db)).toEqual(before);
        const log = lines.join('');
        expect(log).toContain('/* batch */ insert into `orders`');
        for (const secret of ['Secret Person', 'Calle Privada', `u${u.id}@example.com`])
          expect(log).not.toContain(secret);
      } finally {
        await other.destroy();
        await db.destroy();
      }
    });
  });
}
