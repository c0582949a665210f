import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { tokenFor } from '@greencommerce/testing';
import {
  createTestOrders,
  DB_KINDS,
  expectError,
  fillCart,
  insertProduct,
  orderCount,
  stockOf,
  type TestOrders,
} from './support';

for (const kind of DB_KINDS) {
  describe(`ORDER_REQUIRE_VERIFIED_EMAIL (${kind})`, () => {
    let t: TestOrders;
    beforeAll(async () => {
      t = await createTestOrders('orders_verified', kind, { requireVerifiedEmail: true });
    });
    afterAll(() => t.drop());

    test('a token without email_verified is a 403 and nothing is placed; the same key works once the token says verified', async () => {
      const u = await t.user();
      const product = await insertProduct(t.db, { stock: 4 });
      await fillCart(t.db, u.id, [{ productId: product, quantity: 2 }]);
      const key = crypto.randomUUID();

      await expectError(await t.checkout(u.headers, key), 403, 'FORBIDDEN');
      const unverified = { authorization: `Bearer ${await tokenFor(u.id, undefined, { email_verified: false })}` };
      await expectError(await t.checkout(unverified, key), 403, 'FORBIDDEN');
      expect([await orderCount(t.db), await stockOf(t.db, product)]).toEqual([0, 4]);

      const verified = { authorization: `Bearer ${await tokenFor(u.id, undefined, { email_verified: true })}` };
      const res = await t.checkout(verified, key);
      expect(res.status).toBe(201);
      expect([await orderCount(t.db), await stockOf(t.db, product)]).toEqual([1, 2]);
    });
  });
}
