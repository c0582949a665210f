import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { CheckoutConflictBody } from '@greencommerce/contracts';
import { expireOrder } from '../src/services/transitions';
import {
  checkoutBody,
  createTestOrders,
  DB_KINDS,
  expectError,
  fillCart,
  insertProduct,
  orderCount,
  outboxEvents,
  stockOf,
  type TestOrders,
} from './support';

for (const kind of DB_KINDS) {
  describe(`checkout (${kind})`, () => {
    let t: TestOrders;
    beforeAll(async () => {
      t = await createTestOrders('orders_checkout', kind);
    });
    afterAll(() => t.drop());

    test('the cart becomes an order at catalog prices; stock reserved, cart closed, events written, payment started', async () => {
      const u = await t.user();
      const a = await insertProduct(t.db, { priceMinor: 1250, stock: 5, name: 'Jabón' });
      const b = await insertProduct(t.db, { priceMinor: 399, stock: 3 });
      // The cart recorded older prices: the order takes the catalog's current ones.
      const cartId = await fillCart(t.db, u.id, [
        { productId: a, quantity: 2, unitPriceMinor: 999 },
        { productId: b, quantity: 1 },
      ]);
      const res = await t.checkout(u.headers);
      expect(res.status).toBe(201);
      const { order, payment } = await res.json();
      expect(order).toMatchObject({
        userId: u.id,
        status: 'pending_payment',
        currency: 'USD',
        subtotal: 28.99,
        shipping: 4.95,
        total: 33.94,
        refunded: 0,
        paymentProvider: 'fake',
        paymentId: payment.id,
        customer: { name: 'Ana Pérez', email: `u${u.id}@example.com` },
        shippingAddress: { city: 'Quito', country: 'EC' },
      });
      expect(order.lines).toEqual([
        { productId: a, slug: expect.any(String), name: 'Jabón', unitPrice: 12.5, quantity: 2, lineTotal: 25 },
        {
          productId: b,
          slug: expect.any(String),
          name: expect.any(String),
          unitPrice: 3.99,
          quantity: 1,
          lineTotal: 3.99,
        },
      ]);
      expect(payment).toEqual({
        id: expect.any(String),
        provider: 'fake',
        clientSecret: `secret_${order.id}`,
        confirmationUrl: null,
      });
      expect([await stockOf(t.db, a), await stockOf(t.db, b)]).toEqual([3, 2]);
      const cart = await t.db.selectFrom('carts').selectAll().where('id', '=', cartId).executeTakeFirstOrThrow();
      expect([cart.status, cart.active_user_id]).toEqual(['checked_out', null]);
      const placed = (await outboxEvents(t.db, 'OrderPlaced')).filter((e) => e.data.orderId === order.id);
      expect(placed).toHaveLength(1);
      expect(placed[0].data).toMatchObject({ totalMinor: 3394, subtotalMinor: 2899, shippingMinor: 495, userId: u.id });
      const closed = (await outboxEvents(t.db, 'CartCheckedOut')).filter((e) => e.data.orderId === order.id);
      expect(closed.map((e) => e.data)).toEqual([{ cartId, userId: u.id, orderId: order.id }]);
      // The stored total is what the provider was asked to charge.
      const pay = await t.db.selectFrom('payments').selectAll().where('id', '=', payment.id).executeTakeFirstOrThrow();
      expect(Number(pay.amount_minor)).toBe(3394);
      // A later catalog price change does not touch the order.
      await t.db.updateTable('products').set({ price_minor: 1 }).where('id', '=', a).execute();
      const again = await (await t.call('GET', `/orders/${order.id}`, u.headers)).json();
      expect(again.lines[0].unitPrice).toBe(12.5);
      expect(again.total).toBe(33.94);
    });

    test('a subtotal at the free-shipping threshold ships free', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { priceMinor: 2500, stock: 5 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 2 }]);
      const { order } = await (await t.checkout(u.headers)).json();
      expect([order.subtotal, order.shipping, order.total]).toEqual([50, 0, 50]);
    });

    test('a short line is a 409 naming every short product and what is available; nothing is reserved', async () => {
      const u = await t.user();
      const ok = await insertProduct(t.db, { stock: 5 });
      const short = await insertProduct(t.db, { stock: 1, name: 'Escaso' });
      const gone = await insertProduct(t.db, { stock: 9, archived: true, name: 'Archivado' });
      const cartId = await fillCart(t.db, u.id, [
        { productId: ok, quantity: 2 },
        { productId: short, quantity: 3 },
        { productId: gone, quantity: 1 },
      ]);
      const before = await orderCount(t.db);
      const key = crypto.randomUUID();
      const res = await t.checkout(u.headers, key);
      const body = await expectError(res, 409);
      expect(body.details).toEqual([
        { path: `items.${short}`, message: 'Escaso: 3 requested, 1 available' },
        { path: `items.${gone}`, message: 'Archivado: 1 requested, 0 available' },
      ]);
      expect([await stockOf(t.db, ok), await stockOf(t.db, short), await stockOf(t.db, gone)]).toEqual([5, 1, 9]);
      expect(await orderCount(t.db)).toBe(before);
      const cart = await t.db.selectFrom('carts').select('status').where('id', '=', cartId).executeTakeFirstOrThrow();
      expect(cart.status).toBe('active');
      // The failed attempt stored nothing: the same key works once the cart is fixed.
      await t.db.deleteFrom('cart_items').where('product_id', 'in', [short, gone]).execute();
      expect((await t.checkout(u.headers, key)).status).toBe(201);
      expect(await stockOf(t.db, ok)).toBe(3);
    });

    test('no cart, or an empty one, is a 409', async () => {
      const u = await t.user();
      await expectError(await t.checkout(u.headers), 409);
      await fillCart(t.db, u.id, []);
      await expectError(await t.checkout(u.headers), 409);
    });

    test('Idempotency-Key is required; a provider not offered is a 400; no token is a 401', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db);
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const noKey = await t.call('POST', '/checkout', u.headers, checkoutBody());
      expect((await expectError(noKey, 400)).message).toContain('Idempotency-Key');
      const tooLong = await t.checkout(u.headers, 'k'.repeat(256));
      await expectError(tooLong, 400);
      const bad = await t.checkout(u.headers, undefined, checkoutBody({ paymentProvider: 'paypal' }));
      expect((await expectError(bad, 400)).details?.[0]?.path).toBe('paymentProvider');
      await expectError(await t.call('POST', '/checkout', { 'idempotency-key': 'k' }, checkoutBody()), 401);
      expect(await stockOf(t.db, p)).toBe(10);
    });

    test('the same key and body replays the stored response: one order, one payment start', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 10 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 2 }]);
      const key = crypto.randomUUID();
      const starts = t.provider.starts;
      const first = await t.checkout(u.headers, key);
      expect(first.status).toBe(201);
      const firstBody = await first.text();
      // Same meaning, other key order and whitespace: the same request.
      const { shippingAddress, paymentProvider } = checkoutBody();
      const second = await t.call(
        'POST',
        '/checkout',
        { ...u.headers, 'idempotency-key': key },
        { paymentProvider, shippingAddress: { ...shippingAddress } },
      );
      expect(second.status).toBe(201);
      expect(await second.text()).toBe(firstBody);
      expect(t.provider.starts).toBe(starts + 1);
      expect(await stockOf(t.db, p)).toBe(8);
      // Another user's identical key is theirs alone.
      const other = await t.user();
      await fillCart(t.db, other.id, [{ productId: p, quantity: 1 }]);
      const theirs = await t.checkout(other.headers, key);
      expect(theirs.status).toBe(201);
      expect((await theirs.json()).order.id).not.toBe(JSON.parse(firstBody).order.id);
    });

    test('the same key with a different body is a 422 and changes nothing', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 10 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const key = crypto.randomUUID();
      expect((await t.checkout(u.headers, key)).status).toBe(201);
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const before = await orderCount(t.db);
      const res = await t.checkout(
        u.headers,
        key,
        checkoutBody({ shippingAddress: { ...checkoutBody().shippingAddress, city: 'Cuenca' } }),
      );
      await expectError(res, 422);
      expect(await orderCount(t.db)).toBe(before);
      expect(await stockOf(t.db, p)).toBe(9);
    });

    test('ten concurrent requests with one key make one order and all answer it', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 10 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 3 }]);
      const key = crypto.randomUUID();
      const before = await orderCount(t.db);
      const responses = await Promise.all(Array.from({ length: 10 }, () => t.checkout(u.headers, key)));
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).order.id)));
      expect(ids.size).toBe(1);
      expect(await orderCount(t.db)).toBe(before + 1);
      expect(await stockOf(t.db, p)).toBe(7);
      const [id] = [...ids];
      const payments = await t.db
        .selectFrom('payments')
        .select('id')
        .where('order_id', '=', id as string)
        .execute();
      expect(payments).toHaveLength(1);
    });

    test('50 shoppers at once for 10 in stock: exactly 10 orders, stock 0, 40 clean 409s', async () => {
      const p = await insertProduct(t.db, { stock: 10, name: 'Última unidad' });
      const shoppers = await Promise.all(Array.from({ length: 50 }, () => t.user()));
      for (const s of shoppers) await fillCart(t.db, s.id, [{ productId: p, quantity: 1 }]);
      const before = await orderCount(t.db);
      const responses = await Promise.all(shoppers.map((s) => t.checkout(s.headers)));
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 409)).toHaveLength(40);
      for (const r of responses.filter((r) => r.status === 409)) {
        const body = await expectError(r, 409);
        expect(body.details).toEqual([{ path: `items.${p}`, message: 'Última unidad: 1 requested, 0 available' }]);
      }
      expect(await stockOf(t.db, p)).toBe(0);
      expect(await orderCount(t.db)).toBe(before + 10);
      const placed = (await outboxEvents(t.db, 'OrderPlaced')).filter((e) => e.data.lines[0].productId === p);
      expect(placed).toHaveLength(10);
    });

    test('a provider outage answers 503 with the order placed; a retry with the key pays the same order', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 4 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const key = crypto.randomUUID();
      await expectError(await t.checkoutWhileProviderDown(u.headers, key), 503);
      expect(await stockOf(t.db, p)).toBe(3);
      const row = await t.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('user_id', '=', u.id)
        .executeTakeFirstOrThrow();
      expect(row.order_id).not.toBeNull();
      const res = await t.checkout(u.headers, key);
      expect(res.status).toBe(201);
      expect((await res.json()).order.id).toBe(row.order_id);
      expect(await stockOf(t.db, p)).toBe(3);
    });

    test('the order of a key closed before its payment started: a 409 saying which order, how it closed, nothing started', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 4 });
      const placeWhileDown = async () => {
        await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
        const key = crypto.randomUUID();
        await expectError(await t.checkoutWhileProviderDown(u.headers, key), 503);
        const [order] = await t.db
          .selectFrom('orders')
          .select('id')
          .where('user_id', '=', u.id)
          .orderBy('id', 'desc')
          .limit(1)
          .execute();
        return { key, orderId: order?.id as string };
      };
      const refusal = async (key: string) => {
        const res = await t.checkout(u.headers, key);
        expect(res.status).toBe(409);
        return CheckoutConflictBody.parse(await res.json()).error;
      };

      const cancelled = await placeWhileDown();
      expect((await t.call('POST', `/orders/${cancelled.orderId}/cancel`, u.headers)).status).toBe(200);
      const first = await refusal(cancelled.key);
      expect(first.code).toBe('CONFLICT');
      expect(first.closedOrder).toEqual({
        order: { id: cancelled.orderId, status: 'cancelled' },
        payment: 'not_started',
      });
      expect(first.message).toContain('nothing will be charged');

      const expired = await placeWhileDown();
      expect(await expireOrder(t.db, expired.orderId, new Date(Date.now() + 3600_000))).toBe(true);
      expect((await refusal(expired.key)).closedOrder).toEqual({
        order: { id: expired.orderId, status: 'expired' },
        payment: 'not_started',
      });
      // No payment was ever asked of the provider for either.
      expect(t.provider.cancelled).toEqual([]);
    });
  });
}
