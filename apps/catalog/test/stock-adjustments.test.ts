import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createViaApi, eventsFor, send } from './admin-support';
import { createTestCatalog, DB_KINDS, expectError, type TestCatalog } from './support';

// POST /products/:id/stock-adjustments on the real MariaDB and the embedded SQLite.
for (const kind of DB_KINDS) {
  describe(`stock adjustments on ${kind}`, () => {
    let t: TestCatalog;
    beforeAll(async () => {
      t = await createTestCatalog(kind, 'catalog_stock');
    });
    afterAll(async () => {
      await t.drop();
    });

    const adjust = (id: number | string, delta: unknown, reason: unknown = 'cycle count') =>
      send(t.app, 'POST', `/products/${id}/stock-adjustments`, { delta, reason });
    const stockOf = async (id: number) => (await (await t.app.request(`/products/${id}`)).json()).quantity;

    test('adds and removes units; 201 with the levels before and after; StockChanged with the same', async () => {
      const { product, etag } = await createViaApi(t.app, { stock: 10 });
      const res = await adjust(product.id, 5, 'delivery from supplier');
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({
        productId: product.id,
        delta: 5,
        reason: 'delivery from supplier',
        oldQuantity: 10,
        newQuantity: 15,
      });
      expect(await (await adjust(product.slug, -15, 'damaged')).json()).toMatchObject({ newQuantity: 0 });
      expect(await stockOf(product.id)).toBe(0);
      // The quantity is part of the representation: its ETag moved on.
      expect((await t.app.request(`/products/${product.id}`)).headers.get('etag')).not.toBe(etag);
      const events = (await eventsFor(t.db, product.id)).filter((e) => e.event === 'StockChanged');
      expect(events).toEqual([
        expect.objectContaining({
          topic: 'catalog.product.stock-changed',
          key: String(product.id),
          version: 1,
          data: { productId: product.id, oldQuantity: 10, newQuantity: 15, reason: 'delivery from supplier' },
        }),
        expect.objectContaining({
          data: { productId: product.id, oldQuantity: 15, newQuantity: 0, reason: 'damaged' },
        }),
      ]);
    });

    test('more than there is: 409 naming the available quantity; nothing changes, no event', async () => {
      const { product } = await createViaApi(t.app, { stock: 3 });
      const err = await expectError(await adjust(product.id, -4), 409, 'CONFLICT');
      expect(err.message).toContain('3 available');
      expect(err.details).toEqual([{ path: 'delta', message: '3 available' }]);
      expect(await stockOf(product.id)).toBe(3);
      expect((await eventsFor(t.db, product.id)).filter((e) => e.event === 'StockChanged')).toEqual([]);
    });

    test('a delta of zero, a fraction, text or no reason is 400; unknown product 404', async () => {
      const { product } = await createViaApi(t.app, { stock: 3 });
      for (const body of [
        { delta: 0, reason: 'x' },
        { delta: 1.5, reason: 'x' },
        { delta: '2', reason: 'x' },
        { delta: 1, reason: '' },
        { delta: 1, reason: 'r'.repeat(201) },
        { delta: 1 },
        { reason: 'x' },
        { delta: 2 ** 31, reason: 'x' },
      ]) {
        await expectError(
          await send(t.app, 'POST', `/products/${product.id}/stock-adjustments`, body),
          400,
          'VALIDATION_FAILED',
        );
      }
      await expectError(await adjust(99_999_999, 1), 404, 'NOT_FOUND');
      await expectError(await adjust('no-such-product', 1), 404, 'NOT_FOUND');
      expect(await stockOf(product.id)).toBe(3);
    });

    test('past the column maximum is 409 too, never a 500', async () => {
      const { product } = await createViaApi(t.app, { stock: 2_147_483_000 });
      await expectError(await adjust(product.id, 1000), 409, 'CONFLICT');
      expect(await stockOf(product.id)).toBe(2_147_483_000);
    });

    test('50 concurrent adjustments of -1 on 20 units: exactly 20 succeed, 30 get 409, stock 0, 20 events', async () => {
      const { product } = await createViaApi(t.app, { stock: 20 });
      const results = await Promise.all(Array.from({ length: 50 }, () => adjust(product.id, -1, 'sold in store')));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(20);
      expect(statuses.filter((s) => s === 409)).toHaveLength(30);
      for (const r of results.filter((r) => r.status === 409)) {
        expect((await expectError(r, 409, 'CONFLICT')).message).toContain('0 available');
      }
      expect(await stockOf(product.id)).toBe(0);
      const row = await t.db.selectFrom('products').select('stock').where('id', '=', product.id).executeTakeFirst();
      expect(row?.stock).toBe(0);
      const events = (await eventsFor(t.db, product.id)).filter((e) => e.event === 'StockChanged');
      expect(events).toHaveLength(20);
      // Each event saw its own step: every level from 20 down to 1 exactly once.
      expect(events.map((e) => e.data.oldQuantity as number).sort((a, b) => b - a)).toEqual(
        Array.from({ length: 20 }, (_, i) => 20 - i),
      );
      expect(events.every((e) => e.data.newQuantity === (e.data.oldQuantity as number) - 1)).toBe(true);
    });

    test('restocks and sales racing: the final level is the exact sum, never below zero', async () => {
      const { product } = await createViaApi(t.app, { stock: 5 });
      const deltas = [...Array(20).fill(-1), ...Array(10).fill(2)];
      const results = await Promise.all(deltas.map((d) => adjust(product.id, d)));
      const applied = deltas.filter((_, i) => results[i]?.status === 201).reduce((a, b) => a + b, 0);
      expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
      expect(await stockOf(product.id)).toBe(5 + applied);
      const events = (await eventsFor(t.db, product.id)).filter((e) => e.event === 'StockChanged');
      expect(events).toHaveLength(results.filter((r) => r.status === 201).length);
      expect(events.every((e) => (e.data.newQuantity as number) >= 0)).toBe(true);
    });
  });
}
