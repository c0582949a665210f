import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { findGuestCartByTokenHash, markCartCheckedOut } from '@greencommerce/db';
import { hashGuestToken } from '../src/services/caller';
import { createTestCart, DB_KINDS, expectError, insertProduct, type TestCart, updateProduct } from './support';

for (const kind of DB_KINDS) {
  describe(`cart on ${kind}`, () => {
    let t: TestCart;
    beforeAll(async () => {
      t = await createTestCart(`cart_${kind}`, kind);
    });
    afterAll(async () => {
      await t.drop();
    });

    test('a guest creates a cart, adds, grows, sets and removes lines; money is exact', async () => {
      const guest = await t.guest();
      const a = await insertProduct(t.db, { priceMinor: 1999, stock: 10 });
      const b = await insertProduct(t.db, { priceMinor: 10, stock: 5 });
      let res = await t.call('POST', '/cart/items', guest, { productId: a, quantity: 2 });
      expect(res.status).toBe(200);
      res = await t.call('POST', '/cart/items', guest, { productId: a, quantity: 1 });
      res = await t.call('POST', '/cart/items', guest, { productId: b, quantity: 3 });
      let cart = await res.json();
      expect(cart.items.map((i: { productId: number; quantity: number }) => [i.productId, i.quantity])).toEqual([
        [a, 3],
        [b, 3],
      ]);
      expect(cart.items[0]).toMatchObject({ unitPrice: 19.99, lineTotal: 59.97, available: true, priceChanged: false });
      // 59.97 + 0.30 in floats is 60.269999…; the sum is made in cents.
      expect(cart.subtotal).toBe(60.27);
      expect(cart.itemCount).toBe(6);
      expect(cart.currency).toBe('USD');

      res = await t.call('PATCH', `/cart/items/${a}`, guest, { quantity: 1 });
      expect((await res.json()).items[0].quantity).toBe(1);
      res = await t.call('PATCH', `/cart/items/${b}`, guest, { quantity: 0 });
      expect((await res.json()).items).toHaveLength(1);
      res = await t.call('DELETE', `/cart/items/${a}`, guest);
      expect((await res.json()).items).toEqual([]);
      // Removing what is not there is a retried DELETE, not an error.
      expect((await t.call('DELETE', `/cart/items/${a}`, guest)).status).toBe(200);
      await expectError(await t.call('PATCH', `/cart/items/${a}`, guest, { quantity: 2 }), 404, 'NOT_FOUND');

      await t.call('POST', '/cart/items', guest, { productId: b, quantity: 1 });
      res = await t.call('DELETE', '/cart', guest);
      cart = await res.json();
      expect(cart).toMatchObject({ items: [], subtotal: 0, itemCount: 0 });
      expect((await t.call('GET', '/cart', guest)).status).toBe(200);
    });

    test('the guest token is stored only as its SHA-256 hash', async () => {
      const guest = await t.guest();
      const token = guest['x-cart-token'];
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const rows = await t.db.selectFrom('carts').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(await findGuestCartByTokenHash(t.db, hashGuestToken(token), new Date(0))).toBeDefined();
    });

    test('a signed-in user has one cart, made on first use, that no other token reaches', async () => {
      const u = await t.user();
      const other = await t.user();
      const p = await insertProduct(t.db);
      const first = await (await t.call('GET', '/cart', u.headers)).json();
      await t.call('POST', '/cart/items', u.headers, { productId: p, quantity: 2 });
      const again = await (await t.call('GET', '/cart', u.headers)).json();
      expect(again.id).toBe(first.id);
      expect(again.items[0].quantity).toBe(2);
      const theirs = await (await t.call('GET', '/cart', other.headers)).json();
      expect(theirs.id).not.toBe(first.id);
      expect(theirs.items).toEqual([]);
    });

    test('a token of a deleted account gets no new cart', async () => {
      const u = await t.user();
      await t.db.deleteFrom('users').where('id', '=', u.id).execute();
      await expectError(await t.call('GET', '/cart', u.headers), 401, 'UNAUTHORIZED');
      expect(await t.db.selectFrom('carts').select('id').where('user_id', '=', u.id).execute()).toEqual([]);
    });

    test('concurrent first uses make one cart (the unique index, not luck)', async () => {
      const u = await t.user();
      const carts = await Promise.all(
        Array.from({ length: 10 }, async () => (await t.call('GET', '/cart', u.headers)).json()),
      );
      expect(new Set(carts.map((c) => c.id)).size).toBe(1);
      const rows = await t.db.selectFrom('carts').select('id').where('user_id', '=', u.id).execute();
      expect(rows).toHaveLength(1);
    });

    test('concurrent adds to the same line all count, and together never pass the stock', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 15 });
      const results = await Promise.all(
        Array.from({ length: 20 }, () => t.call('POST', '/cart/items', u.headers, { productId: p, quantity: 1 })),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(15);
      expect(statuses.filter((s) => s === 409)).toHaveLength(5);
      const cart = await (await t.call('GET', '/cart', u.headers)).json();
      expect(cart.items[0].quantity).toBe(15);
    });

    test('beyond the stock is a 409 naming the quantity available; archived or unknown products are 404', async () => {
      const guest = await t.guest();
      const p = await insertProduct(t.db, { stock: 4 });
      await t.call('POST', '/cart/items', guest, { productId: p, quantity: 3 });
      const err = await expectError(await t.call('POST', '/cart/items', guest, { productId: p, quantity: 2 }), 409);
      expect(err.message).toContain('1 available');
      expect(err.details).toEqual([{ path: 'quantity', message: 'at most 1 available' }]);
      await expectError(await t.call('PATCH', `/cart/items/${p}`, guest, { quantity: 5 }), 409, 'CONFLICT');
      const archived = await insertProduct(t.db, { archived: true });
      await expectError(
        await t.call('POST', '/cart/items', guest, { productId: archived, quantity: 1 }),
        404,
        'NOT_FOUND',
      );
      await expectError(
        await t.call('POST', '/cart/items', guest, { productId: 2_000_000_000, quantity: 1 }),
        404,
        'NOT_FOUND',
      );
    });

    test('quantities are 1 to 99 per line and a cart holds at most 100 lines', async () => {
      const guest = await t.guest();
      const p = await insertProduct(t.db, { stock: 500 });
      for (const quantity of [0, 100, 1.5, -1, '2']) {
        await expectError(
          await t.call('POST', '/cart/items', guest, { productId: p, quantity }),
          400,
          'VALIDATION_FAILED',
        );
      }
      await t.call('POST', '/cart/items', guest, { productId: p, quantity: 99 });
      const err = await expectError(await t.call('POST', '/cart/items', guest, { productId: p, quantity: 1 }), 409);
      expect(err.message).toContain('0 available');
      await expectError(await t.call('PATCH', `/cart/items/${p}`, guest, { quantity: 100 }), 400, 'VALIDATION_FAILED');

      const many = await t.guest();
      const ids = await Promise.all(Array.from({ length: 101 }, () => insertProduct(t.db, { stock: 5 })));
      for (const id of ids.slice(0, 100)) {
        expect((await t.call('POST', '/cart/items', many, { productId: id, quantity: 1 })).status).toBe(200);
      }
      const full = await expectError(
        await t.call('POST', '/cart/items', many, { productId: ids[100], quantity: 1 }),
        409,
      );
      expect(full.message).toContain('100 lines');
      // A line already there still grows.
      expect((await t.call('POST', '/cart/items', many, { productId: ids[0], quantity: 1 })).status).toBe(200);
    });

    test('100 parallel adds of different products to a cart with 99 lines: exactly one gets the last line', async () => {
      const guest = await t.guest();
      const ids = await Promise.all(Array.from({ length: 199 }, () => insertProduct(t.db, { stock: 5 })));
      for (const id of ids.slice(0, 99)) {
        expect((await t.call('POST', '/cart/items', guest, { productId: id, quantity: 1 })).status).toBe(200);
      }
      const results = await Promise.all(
        ids.slice(99).map((productId) => t.call('POST', '/cart/items', guest, { productId, quantity: 1 })),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(99);
      const cart = await (await t.call('GET', '/cart', guest)).json();
      expect(cart.items).toHaveLength(100);
    }, 60_000);

    test('prices are live: a change after the add shows priceChanged; archived and sold-out lines stay, unavailable and out of the subtotal', async () => {
      const guest = await t.guest();
      const cheap = await insertProduct(t.db, { priceMinor: 500, stock: 10 });
      const gone = await insertProduct(t.db, { priceMinor: 700, stock: 10 });
      const sold = await insertProduct(t.db, { priceMinor: 900, stock: 10 });
      const few = await insertProduct(t.db, { priceMinor: 100, stock: 10 });
      for (const productId of [cheap, gone, sold, few]) {
        await t.call('POST', '/cart/items', guest, { productId, quantity: 2 });
      }
      await updateProduct(t.db, cheap, { priceMinor: 450 });
      await updateProduct(t.db, gone, { archived: true });
      await updateProduct(t.db, sold, { stock: 0 });
      await updateProduct(t.db, few, { stock: 1 });
      const cart = await (await t.call('GET', '/cart', guest)).json();
      const byId = Object.fromEntries(cart.items.map((i: { productId: number }) => [i.productId, i]));
      expect(byId[cheap]).toMatchObject({ unitPrice: 4.5, lineTotal: 9, priceChanged: true, available: true });
      expect(byId[gone]).toMatchObject({ available: false, availableQuantity: 0, priceChanged: false, quantity: 2 });
      expect(byId[sold]).toMatchObject({ available: false, availableQuantity: 0 });
      expect(byId[few]).toMatchObject({ available: false, availableQuantity: 1 });
      expect(cart.subtotal).toBe(9);
      expect(cart.itemCount).toBe(8);
      // The price goes back: no longer "changed".
      await updateProduct(t.db, cheap, { priceMinor: 500 });
      const back = await (await t.call('GET', '/cart', guest)).json();
      expect(back.items.find((i: { productId: number }) => i.productId === cheap).priceChanged).toBe(false);
      // An archived line can still be lowered or removed.
      expect((await t.call('PATCH', `/cart/items/${gone}`, guest, { quantity: 1 })).status).toBe(200);
      await expectError(await t.call('PATCH', `/cart/items/${gone}`, guest, { quantity: 2 }), 409, 'CONFLICT');
    });

    test('a product in another currency is refused rather than summed with the others', async () => {
      const guest = await t.guest();
      await t.call('POST', '/cart/items', guest, { productId: await insertProduct(t.db), quantity: 1 });
      const eur = await insertProduct(t.db, { currency: 'EUR' });
      await expectError(await t.call('POST', '/cart/items', guest, { productId: eur, quantity: 1 }), 409, 'CONFLICT');
    });

    test('unknown, malformed and expired guest tokens are all the same 404', async () => {
      const unknown = { 'x-cart-token': 'A'.repeat(43) };
      const malformed = { 'x-cart-token': "' OR 1=1 --" };
      for (const headers of [unknown, malformed]) {
        await expectError(await t.call('GET', '/cart', headers), 404, 'NOT_FOUND');
        await expectError(await t.call('DELETE', '/cart', headers), 404, 'NOT_FOUND');
      }
      const guest = await t.guest();
      const old = new Date(Date.now() - 31 * 86_400_000);
      await t.db
        .updateTable('carts')
        .set({ updated_at: old })
        .where('token_hash', '=', hashGuestToken(guest['x-cart-token']))
        .execute();
      const expired = await expectError(await t.call('GET', '/cart', guest), 404, 'NOT_FOUND');
      const never = await expectError(await t.call('GET', '/cart', unknown), 404, 'NOT_FOUND');
      expect(expired.message).toBe(never.message);
    });

    test('malformed, unknown, expired and merged tokens get byte-identical 404s on every route (no probing)', async () => {
      const p = await insertProduct(t.db);
      const expired = await t.guest();
      await t.db
        .updateTable('carts')
        .set({ updated_at: new Date(Date.now() - 31 * 86_400_000) })
        .where('token_hash', '=', hashGuestToken(expired['x-cart-token']))
        .execute();
      const merged = await t.guest();
      const u = await t.user();
      expect((await t.call('POST', '/cart/merge', { ...u.headers, ...merged })).status).toBe(200);
      const tokens = {
        malformed: { 'x-cart-token': 'é'.repeat(10) },
        unknown: { 'x-cart-token': 'A'.repeat(43) },
        expired,
        merged,
      };
      const requests: [string, string, unknown?][] = [
        ['GET', '/cart'],
        ['DELETE', '/cart'],
        ['POST', '/cart/items', { productId: p, quantity: 1 }],
        ['PATCH', `/cart/items/${p}`, { quantity: 1 }],
        ['DELETE', `/cart/items/${p}`],
      ];
      for (const [method, path, body] of requests) {
        const seen = new Map<string, string>();
        for (const [name, headers] of Object.entries(tokens)) {
          const res = await t.call(method, path, headers, body);
          expect({ name, status: res.status }).toEqual({ name, status: 404 });
          const text = (await res.text()).replace(/"requestId":"[^"]*"/, '');
          const kept: string[] = [];
          res.headers.forEach((v, k) => {
            if (k !== 'x-request-id' && k !== 'date') kept.push(`${k}: ${v}`);
          });
          seen.set(JSON.stringify({ text, headers: kept }), name);
        }
        expect({ route: `${method} ${path}`, distinct: [...seen.values()] }).toEqual({
          route: `${method} ${path}`,
          distinct: [expect.any(String)],
        });
      }
    });

    test('a bearer token and X-Cart-Token together are refused; neither is a 401', async () => {
      const u = await t.user();
      const guest = await t.guest();
      const both = { ...u.headers, ...guest };
      for (const [method, path] of [
        ['GET', '/cart'],
        ['DELETE', '/cart'],
        ['DELETE', '/cart/items/1'],
      ] as const) {
        await expectError(await t.call(method, path, both), 400, 'BAD_REQUEST');
      }
      await expectError(await t.call('GET', '/cart'), 401, 'UNAUTHORIZED');
      await expectError(await t.call('GET', '/cart', { authorization: 'Bearer nope' }), 401, 'UNAUTHORIZED');
    });
  });
}

describe('checkout closes a cart (the write issue 12 names)', () => {
  test("the user's next use makes a new, empty cart; the closed one keeps its lines", async () => {
    const t = await createTestCart('cart_checkout', 'sqlite');
    try {
      const u = await t.user();
      const p = await insertProduct(t.db);
      const before = await (await t.call('POST', '/cart/items', u.headers, { productId: p, quantity: 2 })).json();
      await markCartCheckedOut(t.db, before.id);
      const after = await (await t.call('GET', '/cart', u.headers)).json();
      expect(after.id).not.toBe(before.id);
      expect(after.items).toEqual([]);
      const kept = await t.db.selectFrom('cart_items').selectAll().where('cart_id', '=', before.id).execute();
      expect(kept.map((i) => i.quantity)).toEqual([2]);
    } finally {
      await t.drop();
    }
  });
});
