import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import Stripe from 'stripe';
import {
  createPaymentsTest,
  DB_KINDS,
  expectError,
  orderEvents,
  orderRow,
  type PaymentsTest,
} from './payments-support';
import { startStripeStandIn } from './stripe-stand-in';

const WEBHOOK_SECRET = 'whsec_test_standin_secret';
// Only its webhook helpers are used: they sign without any network.
const sdk = new Stripe('sk_test_helpers_only');

const stripeEvent = (id: string, type: string, object: Record<string, unknown>) =>
  JSON.stringify({
    id,
    object: 'event',
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    type,
    data: { object },
  });

for (const kind of DB_KINDS) {
  describe(`stripe provider (SDK against a local stand-in) on ${kind}`, () => {
    let t: PaymentsTest;
    let standIn: ReturnType<typeof startStripeStandIn>;
    beforeAll(async () => {
      standIn = startStripeStandIn();
      t = await createPaymentsTest(`stripe_${kind}`, kind, {
        stripe: { secretKey: 'sk_test_standin', webhookSecret: WEBHOOK_SECRET, api: standIn.api },
      });
    }, 60_000);
    afterAll(async () => {
      await t.drop();
      standIn.stop();
    });

    const send = async (payload: string, secret = WEBHOOK_SECRET) =>
      t.app.request('/payments/webhooks/stripe', {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': await sdk.webhooks.generateTestHeaderStringAsync({ payload, secret }),
        },
        body: payload,
      });

    test('one PaymentIntent per order, the order id as idempotency key; started twice, the same one', async () => {
      const u = await t.user();
      const o = await t.order(u.id, { provider: 'stripe', totalMinor: 5495 });
      expect(o.providerRef).toMatch(/^pi_/);
      expect(o.clientSecret).toBe(`${o.providerRef}_secret_standin`);
      const again = await t.payments.get('stripe')?.startPayment({
        id: o.id,
        paymentId: o.paymentId,
        userId: u.id,
        currency: 'USD',
        totalMinor: 5495,
        email: null,
      });
      expect(again).toMatchObject({ paymentId: o.paymentId, providerRef: o.providerRef });
      const intent = standIn.intents.get(o.providerRef);
      expect(intent).toMatchObject({
        amount: 5495,
        currency: 'usd',
        metadata: { orderId: o.id, paymentId: o.paymentId },
      });
      const creates = standIn.requests.filter((r) => r.path === '/v1/payment_intents');
      expect(creates.at(-1)?.idempotencyKey).toBe(`order-${o.id}`);
      expect(creates.at(-1)?.auth).toBe('Bearer sk_test_standin');
    });

    test('payment_intent.succeeded, signed with the SDK test header, pays the order once; refunds go through the SDK', async () => {
      const u = await t.user();
      const o = await t.order(u.id, { provider: 'stripe', totalMinor: 5495 });
      const pi = standIn.succeed(o.providerRef);
      const event = stripeEvent(`evt_paid_${o.id}`, 'payment_intent.succeeded', pi);
      for (let i = 0; i < 3; i++) expect((await send(event)).status).toBe(200);
      expect((await orderRow(t.db, o.id)).status).toBe('paid');
      expect(await orderEvents(t.db, o.id)).toEqual(['OrderPaid']);

      const res = await t.refund(o.id, 10);
      expect(res.status).toBe(201);
      expect(standIn.intents.get(o.providerRef)?.refunded).toBe(1000);
      const refundCall = standIn.requests.filter((r) => r.path === '/v1/refunds').at(-1);
      expect(refundCall?.idempotencyKey).toMatch(/^refund-/);
      // Stripe then reports the charge refunded (running total 1000): already known.
      const charge = {
        id: 'ch_1',
        object: 'charge',
        payment_intent: o.providerRef,
        amount: 5495,
        amount_refunded: 1000,
        currency: 'usd',
        metadata: {},
      };
      expect(await (await send(stripeEvent(`evt_ref1_${o.id}`, 'charge.refunded', charge))).json()).toMatchObject({
        outcome: 'ignored',
      });
      // A refund made in Stripe's dashboard (running total 1500) adds the 500 we did not know of.
      const later = { ...charge, amount_refunded: 1500 };
      expect(await (await send(stripeEvent(`evt_ref2_${o.id}`, 'charge.refunded', later))).json()).toMatchObject({
        outcome: 'applied',
      });
      const order = await orderRow(t.db, o.id);
      expect([order.status, Number(order.refunded_minor)]).toEqual(['partially_refunded', 1500]);
      // Over the stand-in's own limit: the provider refuses, the reservation comes back.
      await expectError(await t.refund(o.id, 44.95), 409, 'CONFLICT');
      expect(Number((await orderRow(t.db, o.id)).refunded_minor)).toBe(1500);
    });

    test('a payment captured for a cancelled order: refunded once, after a Stripe outage made the first try a 503', async () => {
      const u = await t.user();
      const o = await t.order(u.id, { provider: 'stripe', totalMinor: 3100 });
      await t.db.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', o.id).execute();
      const event = stripeEvent(`evt_closed_${o.id}`, 'payment_intent.succeeded', standIn.succeed(o.providerRef));
      standIn.state.refundsDown = true;
      try {
        await expectError(await send(event), 503, 'SERVICE_UNAVAILABLE');
      } finally {
        standIn.state.refundsDown = false;
      }
      expect(standIn.intents.get(o.providerRef)?.refunded).toBe(0);
      // Stripe sends it again: the duplicate retries the refund; a third delivery refunds nothing more.
      expect((await send(event)).status).toBe(200);
      expect((await send(event)).status).toBe(200);
      expect(standIn.intents.get(o.providerRef)?.refunded).toBe(3100);
      const refunds = await t.db.selectFrom('refunds').selectAll().where('order_id', '=', o.id).execute();
      expect(refunds.map((r) => Number(r.amount_minor))).toEqual([3100]);
      expect((await orderRow(t.db, o.id)).status).toBe('cancelled');
      expect(await orderEvents(t.db, o.id)).toEqual([]);
    });

    test('payment_intent.payment_failed is PaymentFailed; a bad signature or a mismatched amount changes nothing', async () => {
      const u = await t.user();
      const o = await t.order(u.id, { provider: 'stripe', totalMinor: 2500 });
      const pi = standIn.intents.get(o.providerRef) as object;
      const failed = stripeEvent(`evt_fail_${o.id}`, 'payment_intent.payment_failed', {
        ...pi,
        last_payment_error: { code: 'card_declined', message: 'Your card was declined.' },
      });
      await expectError(await send(failed, 'whsec_wrong'), 400, 'BAD_REQUEST');
      const unsigned = await t.app.request('/payments/webhooks/stripe', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: failed,
      });
      await expectError(unsigned, 400, 'BAD_REQUEST');
      expect(await orderEvents(t.db, o.id)).toEqual([]);
      expect((await send(failed)).status).toBe(200);
      expect(await orderEvents(t.db, o.id)).toEqual(['PaymentFailed']);

      const short = stripeEvent(`evt_short_${o.id}`, 'payment_intent.succeeded', {
        ...pi,
        status: 'succeeded',
        amount_received: 2499,
      });
      await expectError(await send(short), 400, 'BAD_REQUEST');
      expect((await orderRow(t.db, o.id)).status).toBe('pending_payment');
      // An event type the shop does not act on is acknowledged.
      const other = stripeEvent(`evt_other_${o.id}`, 'customer.created', { id: 'cus_1', object: 'customer' });
      expect(await (await send(other)).json()).toMatchObject({ outcome: 'ignored' });
    });
  });
}
