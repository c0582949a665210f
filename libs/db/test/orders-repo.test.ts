import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import {
  addOrderRefund,
  eraseOrdersPersonalData,
  findExpiredOrderIds,
  findOrder,
  insertIdempotencyKey,
  insertOrder,
  listOrders,
  type OrderRow,
  purgeIdempotencyKeys,
  releaseStock,
  reserveStock,
  transitionOrder,
} from '../src/index';

const newOrder = (over: Partial<OrderRow> = {}): OrderRow => ({
  id: Bun.randomUUIDv7(),
  user_id: 1,
  status: 'pending_payment',
  currency: 'EUR',
  subtotal_minor: 1000,
  shipping_minor: 0,
  total_minor: 1000,
  customer_name: 'Ana',
  customer_email: 'ana@example.com',
  shipping_address: '{}',
  payment_provider: 'test',
  expires_at: new Date(Date.now() + 60_000),
  refunded_minor: 0,
  personal_data_erased_at: null,
  payment_id: null,
  version: 1,
  paid_at: null,
  closed_at: null,
  created_at: new Date(),
  updated_at: new Date(),
  ...over,
});

for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('orders_repo')],
  ['sqlite', () => createSqliteTestDb()],
] as const) {
  describe(`orders repositories (${dialect})`, () => {
    let t: TestDb;
    let productId: number;
    beforeAll(async () => {
      t = await make();
      const { insertId } = await t.db
        .insertInto('products')
        .values({
          slug: 'p',
          name: 'P',
          description: '',
          price_minor: 500,
          currency: 'EUR',
          category_slug: 'tecnologia',
          stock: 3,
          images: '[]',
        })
        .executeTakeFirstOrThrow();
      productId = Number(insertId);
    });
    afterAll(() => t.drop());

    const stock = async () =>
      (await t.db.selectFrom('products').select('stock').where('id', '=', productId).executeTakeFirstOrThrow()).stock;

    test('reserveStock takes units only while enough are left; releaseStock gives them back', async () => {
      expect(await reserveStock(t.db, [{ productId, quantity: 2 }])).toBe(true);
      expect(await reserveStock(t.db, [{ productId, quantity: 2 }])).toBe(false);
      expect(await stock()).toBe(1);
      await releaseStock(t.db, [{ productId, quantity: 2 }]);
      expect(await stock()).toBe(3);
    });

    test("releaseStock never takes a stock past the column's ceiling (an admin set it there meanwhile)", async () => {
      const ceiling = 2_147_483_647;
      await t.db
        .updateTable('products')
        .set({ stock: ceiling - 1 })
        .where('id', '=', productId)
        .execute();
      await releaseStock(t.db, [{ productId, quantity: 1 }]);
      expect(await stock()).toBe(ceiling);
      await releaseStock(t.db, [{ productId, quantity: 5 }]);
      expect(await stock()).toBe(ceiling);
      await t.db.updateTable('products').set({ stock: 3 }).where('id', '=', productId).execute();
    });

    test('reserveStock takes every line in one statement only when each is in stock and on sale', async () => {
      const other = async (stock: number, archived = false) =>
        Number(
          (
            await t.db
              .insertInto('products')
              .values({
                slug: `q-${crypto.randomUUID()}`,
                name: 'Q',
                description: '',
                price_minor: 100,
                currency: 'EUR',
                category_slug: 'tecnologia',
                stock,
                images: '[]',
                archived_at: archived ? new Date() : null,
              })
              .executeTakeFirstOrThrow()
          ).insertId,
        );
      const [a, b, gone] = [await other(5), await other(2), await other(9, true)];
      const stocks = async () =>
        (
          await t.db
            .selectFrom('products')
            .select(['id', 'stock'])
            .where('id', 'in', [a, b, gone])
            .orderBy('id')
            .execute()
        ).map((r) => r.stock);
      expect(
        await reserveStock(t.db, [
          { productId: b, quantity: 2 },
          { productId: a, quantity: 3 },
        ]),
      ).toBe(true);
      expect(await stocks()).toEqual([2, 0, 9]);
      // One line short: false, and the caller's rollback gives back what the statement did take.
      for (const lines of [
        [
          { productId: a, quantity: 1 },
          { productId: b, quantity: 1 },
        ],
        [
          { productId: a, quantity: 1 },
          { productId: gone, quantity: 1 },
        ],
        [
          { productId: a, quantity: 1 },
          { productId: 999_999_999, quantity: 1 },
        ],
      ]) {
        const rolledBack = new Error('rolled back');
        await expect(
          t.db.transaction().execute(async (trx) => {
            expect(await reserveStock(trx, lines)).toBe(false);
            throw rolledBack;
          }),
        ).rejects.toBe(rolledBack);
      }
      expect(await stocks()).toEqual([2, 0, 9]);
      // The same product on two lines counts both.
      expect(
        await reserveStock(t.db, [
          { productId: a, quantity: 1 },
          { productId: a, quantity: 2 },
        ]),
      ).toBe(false);
      expect(
        await reserveStock(t.db, [
          { productId: a, quantity: 1 },
          { productId: a, quantity: 1 },
        ]),
      ).toBe(true);
      expect(await stocks()).toEqual([0, 0, 9]);
    });

    test('a transition happens once: its guard fails for the second', async () => {
      const o = newOrder();
      await insertOrder(t.db, o, []);
      expect(await transitionOrder(t.db, o.id, ['pending_payment'], 'cancelled', { closed_at: new Date() })).toBe(true);
      expect(await transitionOrder(t.db, o.id, ['pending_payment'], 'cancelled')).toBe(false);
      expect((await findOrder(t.db, o.id))?.version).toBe(2);
    });

    test('refunds add up to the total and never past it', async () => {
      const o = newOrder({ status: 'paid' });
      await insertOrder(t.db, o, []);
      expect(await addOrderRefund(t.db, o.id, 400)).toBe(true);
      expect((await findOrder(t.db, o.id))?.status).toBe('partially_refunded');
      expect(await addOrderRefund(t.db, o.id, 601)).toBe(false);
      expect(await addOrderRefund(t.db, o.id, 600)).toBe(true);
      const done = await findOrder(t.db, o.id);
      expect([done?.status, Number(done?.refunded_minor)]).toEqual(['refunded', 1000]);
      expect(await addOrderRefund(t.db, o.id, 1)).toBe(false);
      // More than half first: still partial (each CASE reads the amount before this refund).
      const p = newOrder({ status: 'paid' });
      await insertOrder(t.db, p, []);
      expect(await addOrderRefund(t.db, p.id, 600)).toBe(true);
      expect((await findOrder(t.db, p.id))?.status).toBe('partially_refunded');
    });

    test('listing is newest first by id with a before-cursor; overdue pending orders are found', async () => {
      const a = newOrder({ user_id: 50, expires_at: new Date(Date.now() - 1000) });
      await Bun.sleep(2);
      const b = newOrder({ user_id: 50 });
      await insertOrder(t.db, a, []);
      await insertOrder(t.db, b, []);
      expect((await listOrders(t.db, { userId: 50, limit: 10 })).map((o) => o.id)).toEqual([b.id, a.id]);
      expect((await listOrders(t.db, { userId: 50, before: b.id, limit: 10 })).map((o) => o.id)).toEqual([a.id]);
      expect(await findExpiredOrderIds(t.db, new Date(), 10)).toContain(a.id);
      expect(await findExpiredOrderIds(t.db, new Date(), 10)).not.toContain(b.id);
    });

    test('erasing personal data keeps the order and is done once', async () => {
      const o = newOrder({ user_id: 60 });
      await insertOrder(t.db, o, []);
      expect(await eraseOrdersPersonalData(t.db, 60)).toBe(1);
      expect(await eraseOrdersPersonalData(t.db, 60)).toBe(0);
      const row = await findOrder(t.db, o.id);
      expect([row?.customer_email, row?.customer_name, row?.shipping_address, Number(row?.total_minor)]).toEqual([
        null,
        null,
        null,
        1000,
      ]);
    });

    test('old idempotency keys are purged in batches', async () => {
      for (const key of ['a', 'b', 'c']) await insertIdempotencyKey(t.db, { userId: 9, key, requestHash: 'h' });
      expect(await purgeIdempotencyKeys(t.db, { before: new Date(Date.now() + 5000), limit: 2 })).toBe(2);
      expect(await purgeIdempotencyKeys(t.db, { before: new Date(Date.now() + 5000), limit: 2 })).toBe(1);
    });
  });
}
