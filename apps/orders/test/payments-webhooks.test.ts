import { afterAll, beforeAll, describe, expect, spyOn, test } from 'bun:test';
import { cancelOrderPayment } from '../src/services/cancel-payment';
import { cancelOrder } from '../src/services/transitions';
import {
  count,
  createPaymentsTest,
  DB_KINDS,
  eventually,
  expectError,
  orderEvents,
  orderRow,
  type PaymentsTest,
  queuedWebhooks,
} from './payments-support';

const PAY = { cardNumber: '4242 4242 4242 4242' };
const DECLINE = { cardNumber: '4000 0000 0000 0002' };
const DELAYED = { cardNumber: '4000-0000-0000-9995' };

const webhookOf = async (t: PaymentsTest, ref: string, type: string) => {
  const rows = (await queuedWebhooks(t.db, ref)).filter((w) => w.payload.includes(`"${type}"`));
  expect(rows).toHaveLength(1);
  return rows[0]?.payload as string;
};

for (const kind of DB_KINDS) {
  describe(`test provider webhooks on ${kind}`, () => {
    // `manual`: webhooks stay queued, each test sends them itself.
    let t: PaymentsTest;
    let manual: PaymentsTest;
    beforeAll(async () => {
      t = await createPaymentsTest(`wh_${kind}`, kind);
      manual = await createPaymentsTest(`whm_${kind}`, kind, { autoDeliver: false });
    }, 60_000);
    afterAll(async () => {
      await t.drop();
      await manual.drop();
    });

    test('a declined card is PaymentFailed and leaves the order payable; another card pays it, once', async () => {
      const u = await t.user();
      const o = await t.order(u.id);
      let res = await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, DECLINE);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'failed', reason: 'card_declined', orderId: o.id });
      expect((await orderRow(t.db, o.id)).status).toBe('pending_payment');
      expect(await orderEvents(t.db, o.id)).toEqual(['PaymentFailed']);

      res = await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY);
      expect(await res.json()).toMatchObject({ status: 'succeeded' });
      const order = await orderRow(t.db, o.id);
      expect(order.status).toBe('paid');
      expect(order.payment_id).toBe(o.paymentId);
      expect(await orderEvents(t.db, o.id)).toEqual(['PaymentFailed', 'OrderPaid']);
      // Paid: a further confirm charges nothing.
      await expectError(await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY), 409, 'CONFLICT');
      const intent = await t.db
        .selectFrom('test_payment_intents')
        .selectAll()
        .where('ref', '=', o.providerRef)
        .executeTakeFirstOrThrow();
      expect(intent.captures).toBe(1);
    });

    test("someone else's payment is a 404; an unknown card a 400", async () => {
      const u = await t.user();
      const other = await t.user();
      const o = await t.order(u.id);
      await expectError(await t.call('POST', `/payments/${o.paymentId}/confirm`, other.headers, PAY), 404, 'NOT_FOUND');
      await expectError(
        await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, { cardNumber: '4111 1111 1111 1111' }),
        400,
        'VALIDATION_FAILED',
      );
      expect((await orderRow(t.db, o.id)).status).toBe('pending_payment');
    });

    test('an order past its payment deadline, not yet swept, cannot be paid: 409, nothing charged', async () => {
      const u = await t.user();
      const o = await t.order(u.id);
      await t.db
        .updateTable('orders')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', o.id)
        .execute();
      await expectError(await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY), 409, 'CONFLICT');
      const intent = await t.db
        .selectFrom('test_payment_intents')
        .selectAll()
        .where('ref', '=', o.providerRef)
        .executeTakeFirstOrThrow();
      expect([intent.status, intent.captures]).toEqual(['requires_payment_method', 0]);
      expect((await orderRow(t.db, o.id)).status).toBe('pending_payment');
    });

    test('the delayed card succeeds only after its delay, through the delivery loop', async () => {
      const u = await t.user();
      const o = await t.order(u.id);
      const res = await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, DELAYED);
      expect(await res.json()).toMatchObject({ status: 'processing' });
      expect((await orderRow(t.db, o.id)).status).toBe('pending_payment');
      await expectError(await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY), 409, 'CONFLICT');
      t.delivery.start();
      try {
        await eventually(async () => (await orderRow(t.db, o.id)).status === 'paid');
      } finally {
        await t.delivery.stop();
      }
      expect(await orderEvents(t.db, o.id)).toEqual(['OrderPaid']);
    });

    test('each webhook delivered 3 times and in reversed order: one transition, one OrderPaid', async () => {
      const u = await manual.user();
      const o = await manual.order(u.id);
      await manual.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, DECLINE);
      await manual.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY);
      // Nothing reached the order yet: only webhooks change it.
      expect((await orderRow(manual.db, o.id)).status).toBe('pending_payment');
      const failed = await webhookOf(manual, o.providerRef, 'payment.failed');
      const succeeded = await webhookOf(manual, o.providerRef, 'payment.succeeded');
      const outcomes: string[] = [];
      for (const body of [succeeded, failed]) {
        for (let i = 0; i < 3; i++) {
          const res = await manual.sendTestWebhook(body);
          expect(res.status).toBe(200);
          outcomes.push((await res.json()).outcome);
        }
      }
      expect(outcomes).toEqual(['applied', 'duplicate', 'duplicate', 'ignored', 'duplicate', 'duplicate']);
      const order = await orderRow(manual.db, o.id);
      expect(order.status).toBe('paid');
      expect(order.version).toBe(2);
      expect(await orderEvents(manual.db, o.id)).toEqual(['OrderPaid']);
      const payment = await manual.db
        .selectFrom('payments')
        .selectAll()
        .where('id', '=', o.paymentId)
        .executeTakeFirstOrThrow();
      expect(payment.status).toBe('succeeded');
    });

    test('the same events in their own order, 3 times each, end in the same state', async () => {
      const u = await manual.user();
      const o = await manual.order(u.id);
      await manual.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, DECLINE);
      await manual.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY);
      const failed = await webhookOf(manual, o.providerRef, 'payment.failed');
      const succeeded = await webhookOf(manual, o.providerRef, 'payment.succeeded');
      // All six at once: the primary key and the order's lock leave one outcome per event.
      const results = await Promise.all(
        [failed, succeeded, failed, succeeded, failed, succeeded].map((b) => manual.sendTestWebhook(b)),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      const order = await orderRow(manual.db, o.id);
      expect(order.status).toBe('paid');
      expect(order.version).toBe(2);
      const events = await orderEvents(manual.db, o.id);
      expect(count(events, 'OrderPaid')).toBe(1);
      expect(count(events, 'PaymentFailed')).toBeLessThanOrEqual(1);
    });

    test("the browser's confirmations and the webhook racing: one payment captured, one order paid", async () => {
      const u = await t.user();
      const o = await t.order(u.id);
      const confirms = Array.from({ length: 6 }, () =>
        t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY),
      );
      const deliveries = Array.from({ length: 4 }, () => t.delivery.deliverDue());
      const results = await Promise.all(confirms);
      await Promise.all(deliveries);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
      // Whatever was queued and not yet sent goes now; a repeat of what was sent is a no-op.
      await t.delivery.deliverDue();
      const succeeded = await webhookOf(t, o.providerRef, 'payment.succeeded');
      expect((await t.sendTestWebhook(succeeded)).status).toBe(200);
      const intent = await t.db
        .selectFrom('test_payment_intents')
        .selectAll()
        .where('ref', '=', o.providerRef)
        .executeTakeFirstOrThrow();
      expect(intent.captures).toBe(1);
      expect((await orderRow(t.db, o.id)).status).toBe('paid');
      expect(count(await orderEvents(t.db, o.id), 'OrderPaid')).toBe(1);
    });

    test("an order whose checkout stopped before the provider was asked already shows its payment: cards sent to it at once start it and charge it once, and a closed order's is never started", async () => {
      const u = await t.user();
      // What a restart between the order's commit and the provider's start leaves: the order names
      // its payment (GET /orders/:id shows it, and the storefront offers the card form), unstarted.
      const o = await t.unstartedOrder(u.id);
      expect((await orderRow(t.db, o.id)).payment_id).toBe(o.paymentId);
      const results = await Promise.all(
        Array.from({ length: 4 }, () => t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY)),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      const payments = await t.db.selectFrom('payments').selectAll().where('order_id', '=', o.id).execute();
      expect(payments.map((p) => p.id)).toEqual([o.paymentId]);
      const ref = payments[0]?.provider_ref as string;
      expect(ref).toMatch(/^tpi_/);
      const intents = await t.db.selectFrom('test_payment_intents').selectAll().where('order_id', '=', o.id).execute();
      expect(intents.map((i) => [i.ref, i.captures])).toEqual([[ref, 1]]);
      expect((await orderRow(t.db, o.id)).status).toBe('paid');
      expect(count(await orderEvents(t.db, o.id), 'OrderPaid')).toBe(1);

      // One closed meanwhile is not started at all: nothing to pay with.
      const closed = await t.unstartedOrder(u.id);
      await t.db.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', closed.id).execute();
      await expectError(await t.call('POST', `/payments/${closed.paymentId}/confirm`, u.headers, PAY), 409, 'CONFLICT');
      expect(
        await t.db.selectFrom('test_payment_intents').select('ref').where('order_id', '=', closed.id).execute(),
      ).toEqual([]);
    });

    // The owner cancels in another tab while the card form's request is starting the payment: the
    // cancel's commit and its look for a payment to cancel both fall before the start is recorded.
    test('a card sent to an unstarted payment while its order is cancelled: 409, the payment cancelled, nothing charged', async () => {
      const u = await t.user();
      const o = await t.unstartedOrder(u.id);
      const start = t.testProvider.startPayment.bind(t.testProvider);
      const spy = spyOn(t.testProvider, 'startPayment').mockImplementation(async (order) => {
        const cancelled = await cancelOrder(t.db, o.id, 'customer');
        await cancelOrderPayment({ db: t.db, payments: t.payments, logger: t.logger }, cancelled);
        return start(order);
      });
      try {
        const res = await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY);
        const body = await res.clone().json();
        const error = await expectError(res, 409, 'CONFLICT');
        // This route's documented 409 is the plain error: no checkout's `closedOrder`, no key to renew.
        expect(body.error.closedOrder).toBeUndefined();
        expect(error.message).toBe(`The order ${o.id} is cancelled: its payment is cancelled`);
      } finally {
        spy.mockRestore();
      }
      const intents = await t.db.selectFrom('test_payment_intents').selectAll().where('order_id', '=', o.id).execute();
      expect(intents.map((i) => [i.status, i.captures])).toEqual([['cancelled', 0]]);
      expect((await orderRow(t.db, o.id)).status).toBe('cancelled');
      expect(await orderEvents(t.db, o.id)).toEqual(['OrderCancelled']);
      expect(await t.db.selectFrom('refunds').select('id').where('order_id', '=', o.id).execute()).toEqual([]);
      // Sent again, the card meets a cancelled order.
      await expectError(await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY), 409, 'CONFLICT');
    });

    test('a bad, stale or missing signature is a 400 and changes nothing', async () => {
      const u = await manual.user();
      const o = await manual.order(u.id);
      await manual.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY);
      const body = await webhookOf(manual, o.providerRef, 'payment.succeeded');
      await expectError(
        await manual.sendTestWebhook(body, undefined, 'another-secret-of-enough-length'),
        400,
        'BAD_REQUEST',
      );
      await expectError(await manual.sendTestWebhook(body, Math.floor(Date.now() / 1000) - 3600), 400, 'BAD_REQUEST');
      // A body changed after signing (the amount) fails too.
      const header = (await manual.sendTestWebhook(body)).status;
      expect(header).toBe(200);
      const tampered = body.replace(/"amountMinor":\d+/, '"amountMinor":1');
      const res = await manual.app.request('/payments/webhooks/test', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: tampered,
      });
      await expectError(res, 400, 'BAD_REQUEST');
      const other = await manual.order(u.id);
      await manual.call('POST', `/payments/${other.paymentId}/confirm`, u.headers, PAY);
      const otherBody = await webhookOf(manual, other.providerRef, 'payment.succeeded');
      await expectError(
        await manual.sendTestWebhook(otherBody, undefined, 'wrong-secret-wrong-secret'),
        400,
        'BAD_REQUEST',
      );
      expect((await orderRow(manual.db, other.id)).status).toBe('pending_payment');
      const seen = await manual.db.selectFrom('payment_events').selectAll().where('order_id', '=', other.id).execute();
      expect(seen).toEqual([]);
    });

    test('an amount or currency differing from the order is refused, recorded, and changes nothing', async () => {
      const u = await manual.user();
      const o = await manual.order(u.id, { totalMinor: 2000 });
      const forged = (amount: number, currency: string, id: string) =>
        JSON.stringify({
          id,
          type: 'payment.succeeded',
          data: { ref: o.providerRef, orderId: o.id, amountMinor: amount, currency },
        });
      await expectError(await manual.sendTestWebhook(forged(1999, 'USD', 'tevt_short')), 400, 'BAD_REQUEST');
      await expectError(await manual.sendTestWebhook(forged(2000, 'EUR', 'tevt_eur')), 400, 'BAD_REQUEST');
      // Redelivered, still refused.
      await expectError(await manual.sendTestWebhook(forged(1999, 'USD', 'tevt_short')), 400, 'BAD_REQUEST');
      expect((await orderRow(manual.db, o.id)).status).toBe('pending_payment');
      expect(await orderEvents(manual.db, o.id)).toEqual([]);
      const seen = await manual.db
        .selectFrom('payment_events')
        .select(['provider_event_id', 'outcome'])
        .where('order_id', '=', o.id)
        .execute();
      expect(seen.map((s) => s.outcome)).toEqual(['refused', 'refused']);
      // The right amount still pays it.
      expect((await manual.sendTestWebhook(forged(2000, 'USD', 'tevt_right'))).status).toBe(200);
      expect((await orderRow(manual.db, o.id)).status).toBe('paid');
    });

    test('a card charged as its order closed is refunded in full, once; the order stays closed', async () => {
      const u = await manual.user();
      const o = await manual.order(u.id, { totalMinor: 4200 });
      await manual.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY);
      // The order is cancelled between the charge and its webhook (the race a confirm can lose).
      await manual.db.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', o.id).execute();
      const succeeded = await webhookOf(manual, o.providerRef, 'payment.succeeded');
      for (let i = 0; i < 3; i++) expect((await manual.sendTestWebhook(succeeded)).status).toBe(200);
      expect((await orderRow(manual.db, o.id)).status).toBe('cancelled');
      expect(await orderEvents(manual.db, o.id)).toEqual([]);
      const intent = await manual.db
        .selectFrom('test_payment_intents')
        .selectAll()
        .where('ref', '=', o.providerRef)
        .executeTakeFirstOrThrow();
      expect([intent.captures, Number(intent.refunded_minor)]).toEqual([1, 4200]);
      const refunds = await manual.db.selectFrom('refunds').selectAll().where('order_id', '=', o.id).execute();
      expect(refunds.map((r) => Number(r.amount_minor))).toEqual([4200]);
      // The provider's refund webhook changes nothing on the closed order.
      const refunded = await webhookOf(manual, o.providerRef, 'payment.refunded');
      expect(await (await manual.sendTestWebhook(refunded)).json()).toMatchObject({ outcome: 'ignored' });
      expect(Number((await orderRow(manual.db, o.id)).refunded_minor)).toBe(0);
    });

    test('a refund before the payment is held (409, not recorded) and applies once the order is paid', async () => {
      const u = await manual.user();
      const o = await manual.order(u.id, { totalMinor: 3000 });
      const refund = JSON.stringify({
        id: `tevt_early_refund_${o.id}`,
        type: 'payment.refunded',
        data: { ref: o.providerRef, orderId: o.id, amountMinor: 1000, currency: 'USD' },
      });
      await expectError(await manual.sendTestWebhook(refund), 409, 'CONFLICT');
      expect((await orderRow(manual.db, o.id)).refunded_minor).toBe(0);
      await manual.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, PAY);
      expect((await manual.sendTestWebhook(await webhookOf(manual, o.providerRef, 'payment.succeeded'))).status).toBe(
        200,
      );
      const res = await manual.sendTestWebhook(refund);
      expect((await res.json()).outcome).toBe('applied');
      const order = await orderRow(manual.db, o.id);
      expect([order.status, Number(order.refunded_minor)]).toEqual(['partially_refunded', 1000]);
      expect(await orderEvents(manual.db, o.id)).toEqual(['OrderPaid', 'OrderRefunded']);
    });
  });
}
