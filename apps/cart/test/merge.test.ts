import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { hashGuestToken } from '../src/services/caller';
import { createTestCart, DB_KINDS, expectError, insertProduct, type TestCart, updateProduct } from './support';

type Line = { productId: number; quantity: number };
const lines = (cart: { items: Line[] }) =>
  Object.fromEntries(cart.items.map((i) => [i.productId, i.quantity])) as Record<number, number>;

for (const kind of DB_KINDS) {
  describe(`merge at login on ${kind}`, () => {
    let t: TestCart;
    beforeAll(async () => {
      t = await createTestCart(`merge_${kind}`, kind);
    });
    afterAll(async () => {
      await t.drop();
    });

    const add = (headers: Record<string, string>, productId: number, quantity: number) =>
      t.call('POST', '/cart/items', headers, { productId, quantity });
    const merge = (user: Record<string, string>, guest: Record<string, string>) =>
      t.call('POST', '/cart/merge', { ...user, ...guest });

    test('lines move, a product in both gets the sum capped at stock and 99, and the caps are reported', async () => {
      const u = await t.user();
      const guest = await t.guest();
      const onlyGuest = await insertProduct(t.db, { stock: 10 });
      const both = await insertProduct(t.db, { stock: 50 });
      const scarce = await insertProduct(t.db, { stock: 5 });
      const plenty = await insertProduct(t.db, { stock: 500 });
      const soldOut = await insertProduct(t.db, { stock: 10 });
      await add(u.headers, both, 3);
      await add(u.headers, scarce, 3);
      await add(u.headers, plenty, 60);
      await add(u.headers, soldOut, 2);
      await add(guest, onlyGuest, 2);
      await add(guest, both, 4);
      await add(guest, scarce, 4);
      await add(guest, plenty, 70);
      await add(guest, soldOut, 3);
      await updateProduct(t.db, soldOut, { stock: 0 });

      const res = await merge(u.headers, guest);
      expect(res.status).toBe(200);
      const { cart, capped } = await res.json();
      expect(lines(cart)).toEqual({ [both]: 7, [scarce]: 5, [plenty]: 99, [soldOut]: 3, [onlyGuest]: 2 });
      expect(capped).toEqual([
        { productId: scarce, requested: 7, quantity: 5, reason: 'stock' },
        { productId: plenty, requested: 130, quantity: 99, reason: 'max-quantity' },
        // Sold out: never below what either cart held, shown unavailable.
        { productId: soldOut, requested: 5, quantity: 3, reason: 'stock' },
      ]);
      expect(cart.items.find((i: Line) => i.productId === soldOut).available).toBe(false);
      expect((await (await t.call('GET', '/cart', u.headers)).json()).id).toBe(cart.id);
    });

    test('after the merge the guest token is a 404 everywhere; a retried merge is a no-op with the same answer', async () => {
      const u = await t.user();
      const guest = await t.guest();
      const p = await insertProduct(t.db, { stock: 3 });
      await add(u.headers, p, 2);
      await add(guest, p, 2);
      const first = await (await merge(u.headers, guest)).json();
      for (const [method, path] of [
        ['GET', '/cart'],
        ['DELETE', '/cart'],
        ['DELETE', `/cart/items/${p}`],
      ] as const) {
        await expectError(await t.call(method, path, guest), 404, 'NOT_FOUND');
      }
      await expectError(await add(guest, p, 1), 404, 'NOT_FOUND');
      const again = await merge(u.headers, guest);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(first);
      expect(lines(first.cart)).toEqual({ [p]: 3 });
      // Another user cannot take the merged cart over.
      const other = await t.user();
      await expectError(await merge(other.headers, guest), 404, 'NOT_FOUND');
      expect((await (await t.call('GET', '/cart', other.headers)).json()).items).toEqual([]);
    });

    test('merge needs both tokens; an unknown guest token is a 404', async () => {
      const u = await t.user();
      const guest = await t.guest();
      await expectError(await t.call('POST', '/cart/merge', u.headers), 400, 'BAD_REQUEST');
      await expectError(await t.call('POST', '/cart/merge', guest), 401, 'UNAUTHORIZED');
      await expectError(await merge(u.headers, { 'x-cart-token': 'B'.repeat(43) }), 404, 'NOT_FOUND');
      await expectError(await merge(u.headers, { 'x-cart-token': 'short' }), 404, 'NOT_FOUND');
    });

    test("a user's first cart can be made by the merge; an expired guest cart cannot be merged", async () => {
      const u = await t.user();
      const guest = await t.guest();
      const p = await insertProduct(t.db, { stock: 5 });
      await add(guest, p, 2);
      const { cart, capped } = await (await merge(u.headers, guest)).json();
      expect(lines(cart)).toEqual({ [p]: 2 });
      expect(capped).toEqual([]);

      const stale = await t.guest();
      await add(stale, p, 1);
      await t.db
        .updateTable('carts')
        .set({ updated_at: new Date(Date.now() - 31 * 86_400_000) })
        .where('token_hash', '=', hashGuestToken(stale['x-cart-token']))
        .execute();
      await expectError(await merge(u.headers, stale), 404, 'NOT_FOUND');
      expect(lines(await (await t.call('GET', '/cart', u.headers)).json())).toEqual({ [p]: 2 });
    });

    test('20 concurrent merges of one guest cart apply it once, and all answer the same cart', async () => {
      const u = await t.user();
      const guest = await t.guest();
      const a = await insertProduct(t.db, { stock: 20 });
      const b = await insertProduct(t.db, { stock: 8 });
      await add(u.headers, a, 1);
      await add(u.headers, b, 5);
      await add(guest, a, 2);
      await add(guest, b, 5);
      const results = await Promise.all(Array.from({ length: 20 }, () => merge(u.headers, guest)));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      const bodies = await Promise.all(results.map((r) => r.json()));
      for (const body of bodies) {
        expect(lines(body.cart)).toEqual({ [a]: 3, [b]: 8 });
        expect(body.capped).toEqual([{ productId: b, requested: 10, quantity: 8, reason: 'stock' }]);
      }
      expect(new Set(bodies.map((b) => b.cart.id)).size).toBe(1);
      const stored = await t.db.selectFrom('carts').selectAll().where('user_id', '=', u.id).execute();
      expect(stored).toHaveLength(1);
      expect(lines(await (await t.call('GET', '/cart', u.headers)).json())).toEqual({ [a]: 3, [b]: 8 });
    });

    test('two guest carts merged into one user at once, with adds racing to all three carts: nothing lost, nothing twice', async () => {
      for (let round = 0; round < 3; round++) {
        const u = await t.user();
        const g1 = await t.guest();
        const g2 = await t.guest();
        const p = await insertProduct(t.db, { stock: 99 });
        const q = await insertProduct(t.db, { stock: 99 });
        await add(g1, p, 1);
        await add(g2, p, 2);
        await add(g1, q, 1);
        await add(u.headers, p, 4);
        const res = await Promise.all([
          merge(u.headers, g1),
          merge(u.headers, g2),
          add(u.headers, p, 8),
          add(g1, q, 16),
          add(g2, q, 32),
          merge(u.headers, g1),
          merge(u.headers, g2),
        ]);
        const statuses = res.map((r) => r.status);
        expect([statuses[0], statuses[1], statuses[2], statuses[5], statuses[6]]).toEqual([200, 200, 200, 200, 200]);
        // An add to a guest cart lands before its merge (and moves with it) or after it (404): never lost.
        for (const i of [3, 4]) expect([200, 404]).toContain(statuses[i] as number);
        const expectedQ = 1 + (statuses[3] === 200 ? 16 : 0) + (statuses[4] === 200 ? 32 : 0);
        const cart = await (await t.call('GET', '/cart', u.headers)).json();
        expect(lines(cart)).toEqual({ [p]: 1 + 2 + 4 + 8, [q]: expectedQ });
      }
    }, 60_000);

    test('a guest cart in another currency is not mixed into the user’s: its lines are reported, not moved', async () => {
      const u = await t.user();
      const guest = await t.guest();
      const usd = await insertProduct(t.db, { currency: 'USD', stock: 10 });
      const eur = await insertProduct(t.db, { currency: 'EUR', stock: 10 });
      await add(u.headers, usd, 1);
      await add(guest, eur, 2);
      const res = await merge(u.headers, guest);
      expect(res.status).toBe(200);
      const { cart, capped } = await res.json();
      expect(lines(cart)).toEqual({ [usd]: 1 });
      expect(cart.currency).toBe('USD');
      expect(capped).toEqual([{ productId: eur, requested: 2, quantity: 0, reason: 'currency' }]);
      // Into an empty cart, the guest's currency is the cart's.
      const v = await t.user();
      const guest2 = await t.guest();
      await add(guest2, eur, 3);
      const into = await (await merge(v.headers, guest2)).json();
      expect(lines(into.cart)).toEqual({ [eur]: 3 });
      expect(into.capped).toEqual([]);
    });

    test('a merge beyond 100 lines keeps the user’s lines and reports the guest lines left out', async () => {
      const u = await t.user();
      const guest = await t.guest();
      const mine = await Promise.all(Array.from({ length: 99 }, () => insertProduct(t.db)));
      for (const p of mine) await add(u.headers, p, 1);
      const g1 = await insertProduct(t.db);
      const g2 = await insertProduct(t.db);
      await add(guest, g1, 1);
      await add(guest, g2, 2);
      const { cart, capped } = await (await merge(u.headers, guest)).json();
      expect(cart.items).toHaveLength(100);
      expect(capped).toEqual([{ productId: g2, requested: 2, quantity: 0, reason: 'line-limit' }]);
    });
  });
}
