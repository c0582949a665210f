import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { CheckoutConflictBody } from '@greencommerce/contracts';
import { createLogger } from '@greencommerce/http';
import {
  createMysqlTestDb,
  createSqliteTestDb,
  insertAccount,
  type TestDb,
  testVerifier,
  tokenFor,
} from '@greencommerce/testing';
import Stripe from 'stripe';
import { ORDERS_DB_OPTIONS } from '../src/db-options';
import type { OrdersDeps } from '../src/deps';
import { createPaymentProviders } from '../src/payments/registry';
import { testWebhookDelivery } from '../src/payments/test-webhook-delivery';
import { TEST_SECRET } from './payments-support';
import { startStripeStandIn } from './stripe-stand-in';
import {
  checkoutBody,
  createApp,
  DB_KINDS,
  expectError,
  fillCart,
  insertProduct,
  outboxEvents,
  TEST_CONFIG,
} from './support';

const WEBHOOK_SECRET = 'whsec_checkout_standin';
const sdk = new Stripe('sk_test_helpers_only');

// The whole orders app (checkout and the order routes) with the real payment providers.
for (const kind of DB_KINDS) {
  describe(`checkout with the real providers on ${kind}`, () => {
    let t: TestDb;
    let app: ReturnType<typeof createApp>;
    let standIn: ReturnType<typeof startStripeStandIn>;
    let raceWebhook = false;
    /** The owner's headers: the order is cancelled by its owner before the SDK hears back. */
    let raceCancel: Record<string, string> | undefined;
    /** Stripe refusing to cancel the new intent (as one paid meanwhile). */
    let refuseCancel = false;
    let userSeq = 5_000_000 + Math.floor(Math.random() * 1000) * 1000;
    beforeAll(async () => {
      t =
        kind === 'mysql'
          ? await createMysqlTestDb(`payments_checkout_${kind}`, ORDERS_DB_OPTIONS)
          : await createSqliteTestDb();
      // Stripe's webhook for the new intent, sent (and applied) before the SDK hears back: before checkout answers.
      standIn = startStripeStandIn({
        afterCreate: async (intent) => {
          if (refuseCancel) {
            standIn.state.failWith = {
              path: `/v1/payment_intents/${intent.id}/cancel`,
              status: 400,
              error: {
                type: 'invalid_request_error',
                code: 'payment_intent_unexpected_state',
                message: 'This PaymentIntent could not be canceled because it has a status of succeeded',
              },
            };
          }
          if (raceCancel) {
            const cancel = await app.request(`/orders/${intent.metadata.orderId}/cancel`, {
              method: 'POST',
              headers: raceCancel,
            });
            expect(cancel.status).toBe(200);
          }
          if (!raceWebhook) return;
          const payload = JSON.stringify({
            id: `evt_early_${intent.id}`,
            object: 'event',
            type: 'payment_intent.succeeded',
            data: { object: { ...intent, status: 'succeeded', amount_received: intent.amount } },
          });
          const res = await app.request('/payments/webhooks/stripe', {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'stripe-signature': await sdk.webhooks.generateTestHeaderStringAsync({ payload, secret: WEBHOOK_SECRET }),
            },
            body: payload,
          });
          expect(res.status).toBe(200);
        },
      });
      const logger = createLogger('orders', { level: 'silent' });
      const payments = createPaymentProviders(t.db, {
        providers: ['test', 'stripe'],
        testWebhookSecret: TEST_SECRET,
        testDelayMs: 50,
        testDeliveryIntervalMs: 20,
        webhookToleranceSeconds: 300,
        stripe: { secretKey: 'sk_test_standin', webhookSecret: WEBHOOK_SECRET, api: standIn.api },
      });
      const delivery = testWebhookDelivery({
        db: t.db,
        secret: TEST_SECRET,
        send: async (r) => app.fetch(r),
        logger,
        intervalMs: 20,
      });
      const deps: OrdersDeps = {
        db: t.db,
        logger,
        verifyToken: testVerifier(),
        config: TEST_CONFIG,
        payments,
        deliverTestWebhooks: () => delivery.deliverDue(),
      };
      app = createApp(deps);
    }, 60_000);
    afterAll(async () => {
      await t.drop();
      standIn.stop();
    });

    const shopper = async () => {
      const id = userSeq++;
      await insertAccount(t.db, `u${id}@example.com`, id);
      const product = await insertProduct(t.db, { priceMinor: 2500, stock: 5 });
      await fillCart(t.db, id, [{ productId: product, quantity: 2 }]);
      return { id, headers: { authorization: `Bearer ${await tokenFor(id)}` } };
    };
    const checkout = (headers: Record<string, string>, provider: string, key = crypto.randomUUID()) =>
      app.request('/checkout', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(checkoutBody({ paymentProvider: provider })),
      });
    /** A 409 of checkout, in its own schema (the one error body, with `closedOrder`). */
    const conflict = async (res: Response) => {
      expect(res.status).toBe(409);
      const { error } = CheckoutConflictBody.parse(await res.json());
      expect(error.code).toBe('CONFLICT');
      return error;
    };
    const getOrder = async (headers: Record<string, string>, id: string) =>
      (await (await app.request(`/orders/${id}`, { headers })).json()) as { status: string; total: number };

    test('test provider: checkout, then the card at the confirmation URL; the order is paid through the webhook', async () => {
      const u = await shopper();
      const key = crypto.randomUUID();
      const res = await checkout(u.headers, 'test', key);
      expect(res.status).toBe(201);
      const body = (await res.json()) as {
        order: { id: string; total: number };
        payment: { id: string; confirmationUrl: string };
      };
      expect(body.payment.confirmationUrl).toBe(`/payments/${body.payment.id}/confirm`);
      // A retried checkout returns the same payment.
      const again = (await (await checkout(u.headers, 'test', key)).json()) as { payment: { id: string } };
      expect(again.payment.id).toBe(body.payment.id);
      const confirm = await app.request(body.payment.confirmationUrl, {
        method: 'POST',
        headers: { ...u.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ cardNumber: '4242 4242 4242 4242' }),
      });
      expect(confirm.status).toBe(200);
      expect((await getOrder(u.headers, body.order.id)).status).toBe('paid');
      const paid = (await outboxEvents(t.db, 'OrderPaid')).filter((e) => e.data.orderId === body.order.id);
      expect(paid).toHaveLength(1);
      expect(paid[0].data.totalMinor).toBe(Math.round(body.order.total * 100));
    });

    test("stripe: the webhook arriving before checkout's response still pays the order, once", async () => {
      const u = await shopper();
      raceWebhook = true;
      let res: Response;
      try {
        res = await checkout(u.headers, 'stripe');
      } finally {
        raceWebhook = false;
      }
      expect(res.status).toBe(201);
      const body = (await res.json()) as { order: { id: string }; payment: { id: string; clientSecret: string } };
      expect(body.payment.clientSecret).toMatch(/^pi_\w+_secret_standin$/);
      expect((await getOrder(u.headers, body.order.id)).status).toBe('paid');
      const payment = await t.db
        .selectFrom('payments')
        .selectAll()
        .where('id', '=', body.payment.id)
        .executeTakeFirstOrThrow();
      expect(payment.provider_ref).toMatch(/^pi_/);
      expect(payment.status).toBe('succeeded');
      expect((await outboxEvents(t.db, 'OrderPaid')).filter((e) => e.data.orderId === body.order.id)).toHaveLength(1);
    });

    test('stripe: the owner cancelling the order while checkout starts its payment gets nothing to pay: 409, the intent cancelled', async () => {
      const u = await shopper();
      const key = crypto.randomUUID();
      raceCancel = u.headers;
      let refused: CheckoutConflictBody['error'];
      try {
        refused = await conflict(await checkout(u.headers, 'stripe', key));
        expect(refused.message).toContain('is cancelled: its payment is cancelled');
      } finally {
        raceCancel = undefined;
      }
      const order = await t.db.selectFrom('orders').selectAll().where('user_id', '=', u.id).executeTakeFirstOrThrow();
      expect(order.status).toBe('cancelled');
      const closedOrder = { order: { id: order.id, status: 'cancelled' }, payment: 'cancelled' } as const;
      expect(refused.closedOrder).toEqual(closedOrder);
      const payment = await t.db
        .selectFrom('payments')
        .selectAll()
        .where('order_id', '=', order.id)
        .executeTakeFirstOrThrow();
      expect(standIn.intents.get(payment.provider_ref as string)?.status).toBe('canceled');
      // The same key again: nothing to pay. What the provider answered to the cancel is not kept, so
      // the replay says only what is true either way: a payment, if one went through, is refunded.
      expect((await conflict(await checkout(u.headers, 'stripe', key))).closedOrder).toEqual({
        ...closedOrder,
        payment: 'refunded',
      });
    });

    test('stripe refusing to cancel the payment of an order cancelled while checkout started it: the 409 says it is refunded', async () => {
      const u = await shopper();
      const key = crypto.randomUUID();
      raceCancel = u.headers;
      refuseCancel = true;
      let refused: CheckoutConflictBody['error'];
      try {
        refused = await conflict(await checkout(u.headers, 'stripe', key));
      } finally {
        raceCancel = undefined;
        refuseCancel = false;
        standIn.state.failWith = undefined;
      }
      const order = await t.db.selectFrom('orders').select('id').where('user_id', '=', u.id).executeTakeFirstOrThrow();
      const closedOrder = { order: { id: order.id, status: 'cancelled' }, payment: 'refunded' } as const;
      expect(refused.closedOrder).toEqual(closedOrder);
      expect(refused.message).toContain('a payment made for it all the same is refunded');
      // Replayed, it never turns into "cancelled, not charged": the payment row is still pending.
      expect((await conflict(await checkout(u.headers, 'stripe', key))).closedOrder).toEqual(closedOrder);
    });

    test('stripe refusing to start the payment is a 402 naming its reason; an outage a 503 naming stripe; the same key pays once it works', async () => {
      const u = await shopper();
      const key = crypto.randomUUID();
      standIn.state.failWith = {
        path: '/v1/payment_intents',
        status: 400,
        error: {
          type: 'invalid_request_error',
          code: 'amount_too_small',
          message: 'Amount must be at least $0.50 usd',
        },
      };
      try {
        const refused = await expectError(await checkout(u.headers, 'stripe', key), 402, 'PAYMENT_PROVIDER_REFUSED');
        expect(refused.message).toContain('stripe refused to start the payment');
        expect(refused.message).toContain('amount_too_small');
        standIn.state.failWith = {
          path: '/v1/payment_intents',
          status: 500,
          error: { type: 'api_error', message: 'An unknown error occurred' },
        };
        const down = await expectError(await checkout(u.headers, 'stripe', key), 503, 'SERVICE_UNAVAILABLE');
        expect(down.message).toBe(
          'payment provider stripe unavailable: the order is placed; retry with the same Idempotency-Key to pay',
        );
      } finally {
        standIn.state.failWith = undefined;
      }
      // The order was placed once, its stock held; the same key now starts its payment.
      const res = await checkout(u.headers, 'stripe', key);
      expect(res.status).toBe(201);
      const body = (await res.json()) as { order: { id: string; status: string }; payment: { clientSecret: string } };
      expect(body.order.status).toBe('pending_payment');
      expect(body.payment.clientSecret).toMatch(/^pi_\w+_secret_standin$/);
      const orders = await t.db.selectFrom('orders').select('id').where('user_id', '=', u.id).execute();
      expect(orders.map((o) => o.id)).toEqual([body.order.id]);
    });

    test('a cancelled order cannot be paid with a test card', async () => {
      const u = await shopper();
      const body = (await (await checkout(u.headers, 'test')).json()) as {
        order: { id: string };
        payment: { id: string };
      };
      const cancel = await app.request(`/orders/${body.order.id}/cancel`, { method: 'POST', headers: u.headers });
      expect(cancel.status).toBe(200);
      const confirm = await app.request(`/payments/${body.payment.id}/confirm`, {
        method: 'POST',
        headers: { ...u.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ cardNumber: '4242424242424242' }),
      });
      await expectError(confirm, 409, 'CONFLICT');
      expect((await getOrder(u.headers, body.order.id)).status).toBe('cancelled');
    });
  });
}
