import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Db } from '@greencommerce/db';
import { createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { type KyselyPlugin, SelectQueryNode } from 'kysely';
import { cancelOrder, expireOrder, fulfilOrder } from '../src/services/transitions';
import { insertProduct, stockOf } from './support';

/**
 * The embedded SQLite file is shared by several processes (auth, users, catalog, cart, orders). A
 * transaction that reads first and writes later fails with SQLITE_BUSY_SNAPSHOT when another
 * process wrote in between: busy_timeout does not help, the write can never succeed. Each order
 * transition must take the write lock with its first statement. Here a second connection (another
 * process's) writes to the catalog right after the transition's first read.
 */
let t: TestDb;
let other: Database;
let otherProduct: number;
let armed = false;
let db: Db;

beforeAll(async () => {
  t = await createSqliteTestDb();
  otherProduct = await insertProduct(t.db, { stock: 1 });
  other = new Database(t.url);
  other.exec('PRAGMA busy_timeout = 0');
  // transformResult sees only the query id: each query's node is remembered by it.
  const nodes = new WeakMap<object, unknown>();
  const interleave: KyselyPlugin = {
    transformQuery: (a) => {
      nodes.set(a.queryId, a.node);
      return a.node;
    },
    async transformResult(a) {
      if (armed && SelectQueryNode.is(nodes.get(a.queryId) as never)) {
        armed = false;
        try {
          // Another process's write, committed between this transaction's read and its write.
          other.prepare('UPDATE products SET version = version + 1 WHERE id = ?').run(otherProduct);
        } catch (err) {
          // The transition already holds the write lock: the other process waits its turn (busy).
          if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY') !== true) throw err;
        }
      }
      return a.result;
    },
  };
  db = t.db.withPlugin(interleave) as Db;
});
afterAll(async () => {
  other.close();
  await t.drop();
});

async function order(status: 'pending_payment' | 'paid', expiresAt = new Date(Date.now() + 60_000)) {
  const productId = await insertProduct(t.db, { stock: 5 });
  const id = Bun.randomUUIDv7();
  await t.db
    .insertInto('orders')
    .values({
      id,
      user_id: 7,
      status,
      currency: 'USD',
      subtotal_minor: 3998,
      shipping_minor: 495,
      total_minor: 4493,
      customer_name: 'Ana',
      customer_email: 'ana@example.com',
      shipping_address: '{}',
      payment_provider: 'fake',
      expires_at: expiresAt,
    })
    .execute();
  await t.db
    .insertInto('order_lines')
    .values({
      order_id: id,
      position: 0,
      product_id: productId,
      slug: 'p',
      name: 'P',
      unit_price_minor: 1999,
      quantity: 2,
      line_total_minor: 3998,
    })
    .execute();
  return { id, productId };
}

test('cancel, with another process writing after its first read, cancels and releases the stock once', async () => {
  const o = await order('pending_payment');
  armed = true;
  const cancelled = await cancelOrder(db, o.id, 'customer');
  expect(armed).toBe(false);
  expect(cancelled.status).toBe('cancelled');
  expect(await stockOf(t.db, o.productId)).toBe(7);
});

test('expire, with another process writing after its first read, expires the order', async () => {
  const o = await order('pending_payment', new Date(Date.now() - 1000));
  armed = true;
  expect(await expireOrder(db, o.id)).toBe(true);
  expect(armed).toBe(false);
  expect(await stockOf(t.db, o.productId)).toBe(7);
});

test('fulfil, with another process writing after its first read, fulfils the order', async () => {
  const o = await order('paid');
  armed = true;
  expect((await fulfilOrder(db, o.id)).status).toBe('fulfilled');
  expect(armed).toBe(false);
});
