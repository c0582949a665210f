import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  count,
  createPaymentsTest,
  DB_KINDS,
  expectError,
  orderEvents,
  orderRow,
  type PaymentsTest,
} from './payments-support';

for (const kind of DB_KINDS) {
  describe(`refunds on ${kind}`, () => {
    let t: PaymentsTest;
    beforeAll(async () => {
      t = await createPaymentsTest(`refunds_${kind}`, kind);
    }, 60_000);
    afterAll(async () => {
      await t.drop();
    });

    const paidOrder = async (totalMinor: number) => {
      const u = await t.user();
      const o = await t.order(u.id, { totalMinor });
      const res = await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, {
        cardNumber: '4242424242424242',
      });
      expect(res.status).toBe(200);
      expect((await orderRow(t.db, o.id)).status).toBe('paid');
      return o;
    };

    test('a partial refund then the rest: paid → partially_refunded → refunded, one OrderRefunded each', async () => {
      const o = await paidOrder(5495);
      let res = await t.refund(o.id, 20);
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({
        amount: 20,
        refunded: 20,
        currency: 'USD',
        orderStatus: 'partially_refunded',
      });
      res = await t.refund(o.id, '34.95');
      expect(await res.json()).toMatchObject({ amount: 34.95, refunded: 54.95, orderStatus: 'refunded' });
      // The provider's own refund webhooks (its running totals) arrive and add nothing.
      await t.delivery.deliverDue();
      const order = await orderRow(t.db, o.id);
      expect([order.status, Number(order.refunded_minor)]).toEqual(['refunded', 5495]);
      expect(await orderEvents(t.db, o.id)).toEqual(['OrderPaid', 'OrderRefunded', 'OrderRefunded']);
      const intent = await t.db
        .selectFrom('test_payment_intents')
        .selectAll()
        .where('ref', '=', o.providerRef)
        .executeTakeFirstOrThrow();
      expect(Number(intent.refunded_minor)).toBe(5495);
      const refunds = await t.db.selectFrom('refunds').selectAll().where('order_id', '=', o.id).execute();
      expect(refunds.map((r) => Number(r.amount_minor)).sort()).toEqual([2000, 3495]);
      expect(refunds.every((r) => r.provider_ref?.startsWith('tre_'))).toBe(true);
      await expectError(await t.refund(o.id, 0.01), 409, 'CONFLICT');
    });

    test('a refund made at the provider after the order was fulfilled is recorded, not dropped; the order stays fulfilled', async () => {
      const o = await paidOrder(4000);
      await t.db.updateTable('orders').set({ status: 'fulfilled' }).where('id', '=', o.id).execute();
      // Money given back at the provider's dashboard (a return): its refund webhook, the running total.
      await t.testProvider.refund({
        providerRef: o.providerRef,
        amountMinor: 1500,
        idempotencyKey: `dash-${o.id}`,
      });
      await t.delivery.deliverDue();
      const order = await orderRow(t.db, o.id);
      expect([order.status, Number(order.refunded_minor)]).toEqual(['fulfilled', 1500]);
      const refunds = await t.db.selectFrom('refunds').selectAll().where('order_id', '=', o.id).execute();
      expect(refunds.map((r) => Number(r.amount_minor))).toEqual([1500]);
      expect(await orderEvents(t.db, o.id)).toEqual(['OrderPaid', 'OrderRefunded']);
      // Redelivered: nothing more.
      const [hook] = (
        await t.db.selectFrom('test_payment_webhooks').selectAll().where('intent_ref', '=', o.providerRef).execute()
      ).filter((w) => w.payload.includes('payment.refunded'));
      expect((await t.sendTestWebhook(hook?.payload ?? '')).status).toBe(200);
      expect(Number((await orderRow(t.db, o.id)).refunded_minor)).toBe(1500);
    });

    test('a refund over the paid amount is refused and changes nothing, at the provider either', async () => {
      const o = await paidOrder(1000);
      await expectError(await t.refund(o.id, 10.01), 409, 'CONFLICT');
      expect((await t.refund(o.id, 6)).status).toBe(201);
      const res = await t.refund(o.id, 4.01);
      await expectError(res, 409, 'CONFLICT');
      const order = await orderRow(t.db, o.id);
      expect([order.status, Number(order.refunded_minor)]).toEqual(['partially_refunded', 600]);
      const intent = await t.db
        .selectFrom('test_payment_intents')
        .selectAll()
        .where('ref', '=', o.providerRef)
        .executeTakeFirstOrThrow();
      expect(Number(intent.refunded_minor)).toBe(600);
    });

    test('racing refunds never add up past what was paid', async () => {
      const o = await paidOrder(1000);
      const results = await Promise.all(Array.from({ length: 6 }, () => t.refund(o.id, 3)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 201, 201, 409, 409, 409]);
      const order = await orderRow(t.db, o.id);
      expect([order.status, Number(order.refunded_minor)]).toEqual(['partially_refunded', 900]);
      expect(count(await orderEvents(t.db, o.id), 'OrderRefunded')).toBe(3);
    });

    test('an unpaid order cannot be refunded; refunds need the admin role; an unknown order is a 404', async () => {
      const u = await t.user();
      const o = await t.order(u.id);
      await expectError(await t.refund(o.id, 1), 409, 'CONFLICT');
      await expectError(await t.refund(o.id, 1, crypto.randomUUID(), u.headers), 403, 'FORBIDDEN');
      await expectError(await t.refund(crypto.randomUUID(), 1), 404, 'NOT_FOUND');
      for (const amount of [0, -1, 1.001, 'abc', null]) {
        await expectError(await t.refund(o.id, amount), 400, 'VALIDATION_FAILED');
      }
    });
  });
}
