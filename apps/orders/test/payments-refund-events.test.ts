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

const WEBHOOK_SECRET = 'whsec_refund_events_standin';
// Only its webhook helpers are used: they sign without any network.
const sdk = new Stripe('sk_test_helpers_only');

/**
 * Stripe's charge.refunded carries the charge's running total refunded, not which refund it is.
 * Here it comes before our own refund has settled (our call still waiting for Stripe's answer) and
 * after; either way the order must end in the same single state, each event applied once.
 */
for (const kind of DB_KINDS) {
  describe(`refund events racing our own refunds (stripe stand-in) on ${kind}`, () => {
    let t: PaymentsTest;
    let standIn: ReturnType<typeof startStripeStandIn>;
    /** When set, Stripe's charge.refunded for the intent is sent while our refund call waits for its answer. */
    let early: ((intentId: string) => string) | undefined;
    const earlyOutcomes: unknown[] = [];
    beforeAll(async () => {
      standIn = startStripeStandIn({
        beforeRefundAnswer: async (intent) => {
          if (!early) return;
          const res = await send(chargeRefunded(early(intent.id), intent.id, intent.amount, intent.refunded));
          earlyOutcomes.push(res.status === 200 ? (await res.json()).outcome : res.status);
        },
      });
      t = await createPaymentsTest(`refund_events_${kind}`, kind, {
        stripe: { secretKey: 'sk_test_standin', webhookSecret: WEBHOOK_SECRET, api: standIn.api },
      });
    }, 60_000);
    afterAll(async () => {
      await t.drop();
      standIn.stop();
    });

    const chargeRefunded = (eventId: string, intentId: string, amount: number, refunded: number, currency = 'usd') =>
      JSON.stringify({
        id: eventId,
        object: 'event',
        api_version: '2025-01-01',
        created: Math.floor(Date.now() / 1000),
        type: 'charge.refunded',
        data: {
          object: {
            id: `ch_${intentId}`,
            object: 'charge',
            payment_intent: intentId,
            amount,
            amount_refunded: refunded,
            currency,
            metadata: {},
          },
        },
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
    const outcome = async (payload: string) => {
      const res = await send(payload);
      expect(res.status).toBe(200);
      return (await res.json()).outcome as string;
    };

    const paidOrder = async (totalMinor: number) => {
      const u = await t.user();
      const o = await t.order(u.id, { provider: 'stripe', totalMinor });
      const paid = JSON.stringify({
        id: `evt_paid_${o.id}`,
        object: 'event',
        type: 'payment_intent.succeeded',
        data: { object: standIn.succeed(o.providerRef) },
      });
      expect(await outcome(paid)).toBe('applied');
      return o;
    };
    /** Everything that tells the order's refund story: compared between the in-order and the out-of-order runs. */
    const state = async (orderId: string, providerRef: string) => {
      const order = await orderRow(t.db, orderId);
      const refunds = await t.db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).execute();
      return {
        status: order.status,
        refunded: Number(order.refunded_minor),
        refunds: refunds.map((r) => [Number(r.amount_minor), r.provider_ref !== null]).sort(),
        events: await orderEvents(t.db, orderId),
        atStripe: standIn.intents.get(providerRef)?.refunded,
      };
    };
    const withEarly = async <T>(eventId: (intentId: string) => string, f: () => T | Promise<T>) => {
      early = eventId;
      earlyOutcomes.length = 0;
      try {
        return await f();
      } finally {
        early = undefined;
      }
    };

    test("our refund's answer lost, its charge.refunded first: parked, then one refund once the same key settles it", async () => {
      // Out of order: Stripe makes the refund and reports it before we hear back; we never hear back.
      const a = await paidOrder(5000);
      const key = crypto.randomUUID();
      standIn.state.refundAnswersLost = 3; // the first try and the SDK's two retries
      const lost = await withEarly(
        (pi) => `evt_early_${pi}`,
        () => t.refund(a.id, 12, key),
      );
      const error = await expectError(lost, 503, 'SERVICE_UNAVAILABLE');
      expect(error.message).toContain('stripe');
      expect(earlyOutcomes).toEqual(['parked']);
      // Pending, its amount held (Stripe did make it); the parked event waits; a duplicate changes nothing.
      const early = chargeRefunded(`evt_early_${a.providerRef}`, a.providerRef, 5000, 1200);
      expect(await outcome(early)).toBe('duplicate');
      expect(Number((await orderRow(t.db, a.id)).refunded_minor)).toBe(1200);
      // The admin retries with the key: Stripe answers the refund it made (its idempotency key), once.
      expect((await t.refund(a.id, 12, key)).status).toBe(201);
      expect(await outcome(early)).toBe('duplicate');
      const outOfOrder = await state(a.id, a.providerRef);
      const parked = await t.db
        .selectFrom('payment_events')
        .select(['outcome', 'note'])
        .where('provider_event_id', '=', `evt_early_${a.providerRef}`)
        .executeTakeFirstOrThrow();
      expect(parked.outcome).toBe('ignored');
      expect(parked.note).toContain('already recorded');

      // In order: the answer lost, the same key settles it, then Stripe's event comes.
      const b = await paidOrder(5000);
      const keyB = crypto.randomUUID();
      standIn.state.refundAnswersLost = 3;
      await expectError(await t.refund(b.id, 12, keyB), 503, 'SERVICE_UNAVAILABLE');
      expect((await t.refund(b.id, 12, keyB)).status).toBe(201);
      expect(await outcome(chargeRefunded(`evt_late_${b.providerRef}`, b.providerRef, 5000, 1200))).toBe('ignored');
      const inOrder = await state(b.id, b.providerRef);

      expect(outOfOrder).toEqual(inOrder);
      expect(inOrder).toEqual({
        status: 'partially_refunded',
        refunded: 1200,
        refunds: [[1200, true]],
        events: ['OrderPaid', 'OrderRefunded'],
        atStripe: 1200,
      });
    });

    test("a dashboard refund's charge.refunded arriving while Stripe refuses ours: recorded once ours is given back", async () => {
      // Out of order: 4000 refunded in Stripe's dashboard; its event comes while our 12.00 (which no
      // longer fits there) waits for Stripe's answer, a refusal.
      const a = await paidOrder(5000);
      const intentA = standIn.intents.get(a.providerRef);
      if (!intentA) throw new Error('no intent');
      intentA.refunded = 4000;
      const refused = await withEarly(
        (pi) => `evt_dash_${pi}`,
        () => t.refund(a.id, 12),
      );
      const error = await expectError(refused, 402, 'PAYMENT_PROVIDER_REFUSED');
      expect(error.message).toContain('amount_too_large');
      expect(earlyOutcomes).toEqual(['parked']);
      const dash = chargeRefunded(`evt_dash_${a.providerRef}`, a.providerRef, 5000, 4000);
      for (let i = 0; i < 2; i++) expect(await outcome(dash)).toBe('duplicate');
      // Its currency checked like any event's, parked or not: refused, nothing changes.
      await expectError(
        await send(chargeRefunded(`evt_eur_${a.providerRef}`, a.providerRef, 5000, 4500, 'eur')),
        400,
        'BAD_REQUEST',
      );
      const outOfOrder = await state(a.id, a.providerRef);

      // In order: our refund refused first, then the dashboard's event.
      const b = await paidOrder(5000);
      const intentB = standIn.intents.get(b.providerRef);
      if (!intentB) throw new Error('no intent');
      intentB.refunded = 4000;
      await expectError(await t.refund(b.id, 12), 402, 'PAYMENT_PROVIDER_REFUSED');
      expect(await outcome(chargeRefunded(`evt_dash_${b.providerRef}`, b.providerRef, 5000, 4000))).toBe('applied');
      const inOrder = await state(b.id, b.providerRef);

      expect(outOfOrder).toEqual(inOrder);
      expect(inOrder).toEqual({
        status: 'partially_refunded',
        refunded: 4000,
        refunds: [[4000, true]],
        events: ['OrderPaid', 'OrderRefunded'],
        atStripe: 4000,
      });
    });

    test('our refund made and its event first: parked, then nothing more once the answer settles it', async () => {
      const a = await paidOrder(3000);
      const made = await withEarly(
        (pi) => `evt_made_${pi}`,
        () => t.refund(a.id, 30),
      );
      expect(made.status).toBe(201);
      expect(earlyOutcomes).toEqual(['parked']);
      expect(await state(a.id, a.providerRef)).toEqual({
        status: 'refunded',
        refunded: 3000,
        refunds: [[3000, true]],
        events: ['OrderPaid', 'OrderRefunded'],
        atStripe: 3000,
      });
    });
  });
}
