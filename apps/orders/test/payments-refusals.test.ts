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

const WEBHOOK_SECRET = 'whsec_refusals_standin';
// Only its webhook helpers are used: they sign without any network.
const sdk = new Stripe('sk_test_helpers_only');

/**
 * Stripe saying no (a card error, an invalid request) is not Stripe being down: a 402
 * PAYMENT_PROVIDER_REFUSED naming Stripe's reason, against a 503 naming the provider for an outage.
 */
for (const kind of DB_KINDS) {
  describe(`provider refusals and outages (stripe stand-in) on ${kind}`, () => {
    let t: PaymentsTest;
    let standIn: ReturnType<typeof startStripeStandIn>;
    beforeAll(async () => {
      standIn = startStripeStandIn();
      t = await createPaymentsTest(`refusals_${kind}`, kind, {
        stripe: { secretKey: 'sk_test_standin', webhookSecret: WEBHOOK_SECRET, api: standIn.api },
      });
    }, 60_000);
    afterAll(async () => {
      await t.drop();
      standIn.stop();
    });

    const send = async (payload: string) =>
      t.app.request('/payments/webhooks/stripe', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': await sdk.webhooks.generateTestHeaderStringAsync({ payload, secret: WEBHOOK_SECRET }),
        },
        body: payload,
      });
    const succeeded = (eventId: string, providerRef: string) =>
      JSON.stringify({
        id: eventId,
        object: 'event',
        type: 'payment_intent.succeeded',
        data: { object: standIn.succeed(providerRef) },
      });
    const paidOrder = async (totalMinor: number) => {
      const u = await t.user();
      const o = await t.order(u.id, { provider: 'stripe', totalMinor });
      expect((await send(succeeded(`evt_paid_${o.id}`, o.providerRef))).status).toBe(200);
      return o;
    };
    const refundRows = (orderId: string) =>
      t.db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).execute();

    test("a card error on a refund: 402 naming Stripe's reason; nothing refunded, the key free for a later try", async () => {
      const o = await paidOrder(4000);
      const key = crypto.randomUUID();
      standIn.state.failWith = {
        path: '/v1/refunds',
        status: 402,
        error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'expired_card',
          message: 'Your card has expired.',
        },
      };
      let res: Response;
      try {
        res = await t.refund(o.id, 10, key);
      } finally {
        standIn.state.failWith = undefined;
      }
      const error = await expectError(res, 402, 'PAYMENT_PROVIDER_REFUSED');
      expect(error.message).toContain('stripe refused the refund');
      expect(error.message).toContain('expired_card');
      expect(error.message).toContain('Your card has expired.');
      const order = await orderRow(t.db, o.id);
      expect([order.status, Number(order.refunded_minor)]).toEqual(['paid', 0]);
      expect(await refundRows(o.id)).toEqual([]);
      expect(await orderEvents(t.db, o.id)).toEqual(['OrderPaid']);
      // Stripe accepts it later: the same key is a new try, refunded once.
      expect((await t.refund(o.id, 10, key)).status).toBe(201);
      expect(standIn.intents.get(o.providerRef)?.refunded).toBe(1000);
    });

    test('an invalid request whose message echoes secrets: 402 without them', async () => {
      const o = await paidOrder(4000);
      standIn.state.failWith = {
        path: '/v1/refunds',
        status: 400,
        error: {
          type: 'invalid_request_error',
          code: 'charge_disputed',
          message: `Charge for ${o.providerRef}_secret_AbC123 is disputed (key sk_test_51AbCdEfGhIjKlMnOp, whsec_ZyXwV987).`,
        },
      };
      let res: Response;
      try {
        res = await t.refund(o.id, 10);
      } finally {
        standIn.state.failWith = undefined;
      }
      const text = await res.clone().text();
      const error = await expectError(res, 402, 'PAYMENT_PROVIDER_REFUSED');
      expect(error.message).toContain('charge_disputed');
      for (const secret of ['_secret_AbC123', 'sk_test_51AbCdEfGhIjKlMnOp', 'whsec_ZyXwV987']) {
        expect(text).not.toContain(secret);
      }
      expect(Number((await orderRow(t.db, o.id)).refunded_minor)).toBe(0);
    });

    test('Stripe down (5xx on every try): 503 naming it; the refund stays pending and the same key makes it once', async () => {
      const o = await paidOrder(4000);
      const key = crypto.randomUUID();
      standIn.state.refundsDown = true;
      let res: Response;
      try {
        res = await t.refund(o.id, 10, key);
      } finally {
        standIn.state.refundsDown = false;
      }
      const error = await expectError(res, 503, 'SERVICE_UNAVAILABLE');
      expect(error.message).toBe(
        'payment provider stripe unavailable: the refund is pending; retry with the same Idempotency-Key (it is never made twice)',
      );
      expect(Number((await orderRow(t.db, o.id)).refunded_minor)).toBe(1000);
      expect(standIn.intents.get(o.providerRef)?.refunded).toBe(0);
      const again = await t.refund(o.id, 10, key);
      expect(again.status).toBe(201);
      expect(await again.json()).toMatchObject({ amount: 10, refunded: 10, orderStatus: 'partially_refunded' });
      expect(standIn.intents.get(o.providerRef)?.refunded).toBe(1000);
      expect((await refundRows(o.id)).map((r) => r.provider_ref?.startsWith('re_'))).toEqual([true]);
    });

    test("Stripe refusing the automatic refund of a closed order's payment: acknowledged and recorded, not a 503 forever", async () => {
      const u = await t.user();
      const o = await t.order(u.id, { provider: 'stripe', totalMinor: 2500 });
      await t.db.updateTable('orders').set({ status: 'cancelled' }).where('id', '=', o.id).execute();
      const event = succeeded(`evt_closed_${o.id}`, o.providerRef);
      standIn.state.failWith = {
        path: '/v1/refunds',
        status: 400,
        error: { type: 'invalid_request_error', code: 'charge_disputed', message: 'The charge is disputed.' },
      };
      try {
        for (let i = 0; i < 2; i++) expect((await send(event)).status).toBe(200);
      } finally {
        standIn.state.failWith = undefined;
      }
      const seen = await t.db
        .selectFrom('payment_events')
        .select(['outcome', 'note'])
        .where('provider_event_id', '=', `evt_closed_${o.id}`)
        .executeTakeFirstOrThrow();
      expect(seen.outcome).toBe('ignored');
      expect(seen.note).toContain('automatic refund refused by stripe (charge_disputed)');
      expect(await refundRows(o.id)).toEqual([]);
      expect((await orderRow(t.db, o.id)).status).toBe('cancelled');
    });
  });
}
