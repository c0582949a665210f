import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createLogger } from '@greencommerce/http';
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
import type { OrdersDeps } from '../src/deps';
import { depsFromEnv } from '../src/deps-from-env';
import { loadEnv } from '../src/env';
import { createPaymentProviders } from '../src/payments/registry';
import { TEST_SECRET } from './payments-support';
import { checkoutBody, createApp, fillCart, insertProduct, stockOf, TEST_CONFIG } from './support';

/** `insert orders`, `select carts`, `begin`…: what a statement does to which table. */
const statementKind = (s: string) => {
  const m = /^(insert into|select .*? from|delete from|update) [`"](\w+)[`"]/i.exec(s);
  return m ? `${m[1]?.split(' ')[0]?.toLowerCase()} ${m[2]}` : s.toLowerCase();
};
/** What each round trip did: a batch of several statements (statementBatch) is one, named `batch: …`. */
const kinds = (sqls: string[]) =>
  sqls.map((s) =>
    s.startsWith('/* batch */ ')
      ? `batch: ${s.slice(12).split(';\n').map(statementKind).join(', ')}`
      : statementKind(s),
  );

describe('the orders app on MySQL', () => {
  test('opens every connection of its pool at READ COMMITTED', async () => {
    const t = await createMysqlTestDb('orders_isolation');
    const deps = await depsFromEnv(loadEnv({ ...TEST_JWT_ENV, DATABASE_URL: t.url, DATABASE_POOL_SIZE: '4' }));
    try {
      // Four at once, so four connections; MariaDB before 11.1 names the variable tx_isolation.
      const levels = await Promise.all(
        Array.from({ length: 4 }, () =>
          sql<{ level: string; id: number }>`SELECT @@tx_isolation AS level, CONNECTION_ID() AS id, SLEEP(0.1) AS s`
            .execute(deps.db)
            .then((r) => r.rows[0]),
        ),
      );
      expect(new Set(levels.map((l) => l?.id)).size).toBe(4);
      expect(levels.map((l) => l?.level)).toEqual(Array(4).fill('READ-COMMITTED'));
      // The pools of other apps keep the server's default.
      expect((await sql<{ level: string }>`SELECT @@tx_isolation AS level`.execute(t.db)).rows[0]?.level).toBe(
        'REPEATABLE-READ',
      );
    } finally {
      await deps.db.destroy();
      await t.drop();
    }
  });
});

// The statements (each a round trip on MariaDB) of one checkout with the test provider, the bench's
// path: a regression in round trips fails here, without timing anything.
for (const kind of ['mysql', 'sqlite'] as const) {
  describe(`statements per checkout on ${kind}`, () => {
    const statements: string[] = [];
    let t: TestDb;
    let app: ReturnType<typeof createApp>;
    let userSeq = 7_000_000 + Math.floor(Math.random() * 1000) * 1000;
    beforeAll(async () => {
      const log = (e: { query: { sql: string } }) => void statements.push(e.query.sql);
      t =
        kind === 'mysql'
          ? await createMysqlTestDb('checkout_queries', { log, ...ORDERS_DB_OPTIONS })
          : await createSqliteTestDb({ log });
      const deps: OrdersDeps = {
        db: t.db,
        logger: createLogger('orders', { level: 'silent' }),
        verifyToken: testVerifier(),
        config: TEST_CONFIG,
        payments: createPaymentProviders(t.db, {
          providers: ['test'],
          testWebhookSecret: TEST_SECRET,
          testDelayMs: 50,
          testDeliveryIntervalMs: 20,
          webhookToleranceSeconds: 300,
        }),
      };
      app = createApp(deps);
    });
    afterAll(async () => {
      await t.drop();
    });

    /** A shopper whose cart has one line of each product given. */
    const shopper = async (lines: { productId: number; quantity: number }[]) => {
      const id = userSeq++;
      await insertAccount(t.db, `u${id}@example.com`, id);
      await fillCart(t.db, id, lines);
      return { authorization: `Bearer ${await tokenFor(id)}` };
    };
    const checkout = async (headers: Record<string, string>, key = crypto.randomUUID()) => {
      statements.length = 0;
      const res = await app.request('/checkout', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(checkoutBody({ paymentProvider: 'test' })),
      });
      return { status: res.status, statements: kinds(statements) };
    };

    // The writes whose results the checkout does not read (then the stock's, whose it does).
    const written = [
      'insert orders',
      'insert order_lines', // all lines in one statement
      'insert test_payment_intents', // the test provider's own side, started with the order
      'insert payments', // the order's payment, with the intent's reference: a webhook always finds it
      'update carts', // closed
      'insert outbox', // OrderPlaced and CartCheckedOut in one statement
      'update idempotency_keys', // the answer stored for replays, committed with the order
    ];
    const reserved = 'update products'; // every line's stock in one conditional statement, last
    const placed = [
      'insert idempotency_keys', // the key claimed: the transaction's first statement
      // the account held and its cart locked: one SELECT … FOR UPDATE over both on MySQL
      ...(kind === 'mysql' ? ['select users'] : ['update users', 'select users', 'select carts']),
      'select cart_items', // every line with its product's current price, in one read
      // one round trip on MySQL, whose pool takes batches (ORDERS_DB_OPTIONS); SQLite has none to save
      ...(kind === 'mysql' ? [`batch: ${[...written, reserved].join(', ')}`] : [...written, reserved]),
    ];
    // The isolation (READ COMMITTED on MySQL) is each connection's own, set when the pool opened it.
    const transaction = (work: string[]) => ['begin', ...work, 'commit'];

    test('a new key and a cart of three lines: one transaction that starts the payment and stores the answer, nothing after it', async () => {
      const products = [await insertProduct(t.db), await insertProduct(t.db), await insertProduct(t.db)];
      const headers = await shopper(products.map((productId) => ({ productId, quantity: 2 })));
      expect(await checkout(headers)).toEqual({
        status: 201,
        statements: transaction(placed),
      });
      expect(await Promise.all(products.map((p) => stockOf(t.db, p)))).toEqual([8, 8, 8]);
    });

    test('the same key again: one read of the stored answer', async () => {
      const headers = await shopper([{ productId: await insertProduct(t.db), quantity: 1 }]);
      const key = crypto.randomUUID();
      expect((await checkout(headers, key)).status).toBe(201);
      expect(await checkout(headers, key)).toEqual({
        status: 201,
        statements: [...transaction(['insert idempotency_keys']).slice(0, -1), 'rollback', 'select idempotency_keys'],
      });
    });

    test('a short line: the transaction rolled back, then one read of the products for the 409', async () => {
      const a = await insertProduct(t.db, { stock: 5 });
      const b = await insertProduct(t.db, { stock: 1 });
      const headers = await shopper([
        { productId: a, quantity: 2 },
        { productId: b, quantity: 2 },
      ]);
      expect(await checkout(headers)).toEqual({
        status: 409,
        statements: [...transaction(placed).slice(0, -1), 'rollback', 'select products'],
      });
      expect([await stockOf(t.db, a), await stockOf(t.db, b)]).toEqual([5, 1]);
    });
  });
}
