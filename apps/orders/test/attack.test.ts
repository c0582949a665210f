import { afterAll, beforeAll, describe, expect, spyOn, test } from 'bun:test';
import type { DomainEvent } from '@greencommerce/events';
import { orderConsumers } from '../src/consumers';
import { expireOrder } from '../src/services/transitions';
import {
  checkoutBody,
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
  describe(`orders under attack (${kind})`, () => {
    let t: TestOrders;
    beforeAll(async () => {
      t = await createTestOrders('orders_attack', kind);
    });
    afterAll(() => t.drop());

    const userDeleted = async (userId: number) => {
      const [consumer] = orderConsumers();
      if (!consumer) throw new Error('no orders consumer');
      await t.db
        .transaction()
        .execute((trx) => consumer.handler(trx, { event: 'UserDeleted', data: { userId } } as unknown as DomainEvent));
    };

    test('UserDeleted leaves no name, email or address in a stored checkout response, nor in its replay', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 5 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const key = crypto.randomUUID();
      const first = await t.checkout(u.headers, key);
      expect(first.status).toBe(201);
      const placed = await first.json();
      expect(JSON.stringify(placed)).toContain('Av. Amazonas 123');

      await userDeleted(u.id);

      const stored = await t.db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', u.id).execute();
      for (const row of stored) {
        expect(row.response_body ?? '').not.toContain('Amazonas');
        expect(row.response_body ?? '').not.toContain('Ana P');
        expect(row.response_body ?? '').not.toContain(`u${u.id}@example.com`);
      }
      // A replay (the token outlives the account) shows nothing personal either, and places nothing.
      const before = await orderCount(t.db);
      const replay = await t.checkout(u.headers, key);
      const text = await replay.text();
      expect(text).not.toContain('Amazonas');
      expect(text).not.toContain('Ana P');
      expect(text).not.toContain(`u${u.id}@example.com`);
      expect(await orderCount(t.db)).toBe(before);
      // The order itself is kept, erased, totals intact.
      const order = await t.db
        .selectFrom('orders')
        .selectAll()
        .where('id', '=', placed.order.id)
        .executeTakeFirstOrThrow();
      expect(order.customer_name).toBeNull();
      expect(Number(order.total_minor)).toBe(1999 + 495);
    });

    test('a checkout resumed after a provider outage does not start a payment for an order closed meanwhile', async () => {
      for (const close of ['cancel', 'expire'] as const) {
        const u = await t.user();
        const p = await insertProduct(t.db, { stock: 3 });
        await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
        const key = crypto.randomUUID();
        await expectError(await t.checkoutWhileProviderDown(u.headers, key), 503);
        const { order_id: orderId } = await t.db
          .selectFrom('idempotency_keys')
          .select('order_id')
          .where('user_id', '=', u.id)
          .executeTakeFirstOrThrow();
        if (close === 'cancel') {
          expect((await t.call('POST', `/orders/${orderId}/cancel`, u.headers)).status).toBe(200);
        } else {
          expect(await expireOrder(t.db, orderId as string, new Date(Date.now() + 3_600_000))).toBe(true);
        }
        expect(await stockOf(t.db, p)).toBe(3);
        const starts = t.provider.starts;
        const res = await t.checkout(u.headers, key);
        await expectError(res, 409);
        // No payment the customer could still complete for an order whose stock went back.
        expect(t.provider.starts).toBe(starts);
        // Its payment row, written with the order, was never started: nothing to pay with.
        const payments = await t.db
          .selectFrom('payments')
          .select(['provider_ref', 'client_secret'])
          .where('order_id', '=', orderId as string)
          .execute();
        expect(payments).toEqual([{ provider_ref: null, client_secret: null }]);
      }
    });

    // One key, two requests: A stops inside its payment's start, B resumes the key and starts it
    // too; A answers and stores 201, the owner cancels, then B reads the order closed. B answers
    // what A stored, as every later request with the key does (it answered 409 on its own).
    test('a twin finding the order closed after the other stored its answer replays that answer', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 3 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const key = crypto.randomUUID();
      const start = t.provider.startPayment.bind(t.provider);
      let releaseA = () => {};
      const aMayGoOn = new Promise<void>((resolve) => {
        releaseA = resolve;
      });
      let a: Promise<Response> = Promise.resolve(new Response());
      const spy = spyOn(t.provider, 'startPayment').mockImplementation(async (order) => {
        const started = await start(order);
        if (spy.mock.calls.length === 1) {
          await aMayGoOn;
          return started;
        }
        releaseA();
        expect((await a).status).toBe(201);
        expect((await t.call('POST', `/orders/${order.id}/cancel`, u.headers)).status).toBe(200);
        return started;
      });
      try {
        a = Promise.resolve(t.checkout(u.headers, key));
        while (spy.mock.calls.length === 0) await Bun.sleep(5);
        const b = await t.checkout(u.headers, key);
        const [first, second] = [await (await a).text(), await b.text()];
        expect(b.status).toBe(201);
        expect(second).toBe(first);
        expect(await (await t.checkout(u.headers, key)).text()).toBe(first);
      } finally {
        spy.mockRestore();
      }
    });

    test('resumed where the code before the payment row left a started second row for the order: that payment is answered', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 3 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const key = crypto.randomUUID();
      await expectError(await t.checkoutWhileProviderDown(u.headers, key), 503);
      const order = await t.db
        .selectFrom('orders')
        .select(['id', 'payment_id', 'total_minor', 'currency'])
        .where('user_id', '=', u.id)
        .executeTakeFirstOrThrow();
      // What two racing starts under the old code could leave: a second row holding the provider's reference.
      const started = crypto.randomUUID();
      await t.db
        .insertInto('payments')
        .values({
          id: started,
          order_id: order.id,
          provider: t.provider.name,
          provider_ref: `fake_${order.id}`,
          status: 'pending',
          amount_minor: order.total_minor,
          currency: order.currency,
          client_secret: `secret_${order.id}`,
        })
        .execute();
      const res = await t.checkout(u.headers, key);
      expect(res.status).toBe(201);
      expect((await res.json()).payment).toMatchObject({ id: started, clientSecret: `secret_${order.id}` });
      // The row written with the order stays unstarted: the provider knows one payment.
      expect(
        await t.db
          .selectFrom('payments')
          .select('provider_ref')
          .where('id', '=', order.payment_id as string)
          .execute(),
      ).toEqual([{ provider_ref: null }]);
    });

    test('a partly refunded order (one item refunded, the rest paid for) can still be fulfilled, once', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 5 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 2 }]);
      const { order } = await (await t.checkout(u.headers)).json();
      await t.db
        .updateTable('orders')
        .set({ status: 'partially_refunded', refunded_minor: 1999 })
        .where('id', '=', order.id)
        .execute();
      const admin = await t.admin();
      const res = await t.call('POST', `/orders/${order.id}/fulfil`, admin.headers);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'fulfilled', refunded: 19.99 });
      await expectError(await t.call('POST', `/orders/${order.id}/fulfil`, admin.headers), 409);
    });

    test('one key sent at once with different bodies: one order, the others 422; another user with the key gets their own', async () => {
      const u = await t.user();
      const other = await t.user();
      const p = await insertProduct(t.db, { stock: 10 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      await fillCart(t.db, other.id, [{ productId: p, quantity: 1 }]);
      const key = crypto.randomUUID();
      const before = await orderCount(t.db);
      const bodies = ['Quito', 'Cuenca', 'Loja', 'Ambato', 'Manta'].map((city) =>
        checkoutBody({ shippingAddress: { ...checkoutBody().shippingAddress, city } }),
      );
      const [theirs, ...mine] = await Promise.all([
        t.checkout(other.headers, key, bodies[0]),
        ...bodies.map((b) => t.checkout(u.headers, key, b)),
      ]);
      expect(theirs?.status).toBe(201);
      expect(mine.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422]);
      for (const r of mine.filter((r) => r.status === 422)) await expectError(r, 422, 'UNPROCESSABLE');
      expect(await orderCount(t.db)).toBe(before + 2);
      expect(await stockOf(t.db, p)).toBe(8);
      const orders = await t.db
        .selectFrom('orders')
        .select('user_id')
        .where('user_id', 'in', [u.id, other.id])
        .execute();
      expect(orders.map((o) => o.user_id).sort()).toEqual([u.id, other.id].sort());
    });

    test('shipping threshold edges: one cent under pays the fee, at it ships free; the provider is asked the stored total', async () => {
      for (const [price, shipping] of [
        [4999, 495],
        [5000, 0],
        [5001, 0],
        [1, 495],
      ] as const) {
        const u = await t.user();
        const p = await insertProduct(t.db, { stock: 2, priceMinor: price });
        await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
        const res = await t.checkout(u.headers);
        expect(res.status).toBe(201);
        const { order } = await res.json();
        const row = await t.db.selectFrom('orders').selectAll().where('id', '=', order.id).executeTakeFirstOrThrow();
        expect(Number(row.shipping_minor)).toBe(shipping);
        expect(Number(row.total_minor)).toBe(price + shipping);
        const pay = await t.db
          .selectFrom('payments')
          .selectAll()
          .where('order_id', '=', order.id)
          .executeTakeFirstOrThrow();
        expect(Number(pay.amount_minor)).toBe(price + shipping);
        expect(order.total).toBe((price + shipping) / 100);
      }
    });

    test('a key older than 24 h is free again: a new checkout, not the old replay', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 5 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const key = crypto.randomUUID();
      const first = await (await t.checkout(u.headers, key)).json();
      await t.db
        .updateTable('idempotency_keys')
        .set({ created_at: new Date(Date.now() - 25 * 3_600_000) })
        .where('user_id', '=', u.id)
        .execute();
      await fillCart(t.db, u.id, [{ productId: p, quantity: 2 }]);
      const second = await t.checkout(u.headers, key, checkoutBody({}));
      expect(second.status).toBe(201);
      const body = await second.json();
      expect(body.order.id).not.toBe(first.order.id);
      expect(await stockOf(t.db, p)).toBe(2);
    });
  });
}
