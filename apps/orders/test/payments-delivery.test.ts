import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createLogger } from '@greencommerce/http';
import { testWebhookDelivery } from '../src/payments/test-webhook-delivery';
import {
  createPaymentsTest,
  DB_KINDS,
  orderEvents,
  orderRow,
  type PaymentsTest,
  TEST_SECRET,
} from './payments-support';

for (const kind of DB_KINDS) {
  describe(`test webhook delivery on ${kind}`, () => {
    let t: PaymentsTest;
    beforeAll(async () => {
      t = await createPaymentsTest(`delivery_${kind}`, kind, { autoDeliver: false });
    }, 60_000);
    afterAll(async () => {
      await t.drop();
    });

    test('a webhook the shop does not acknowledge is sent again later, until it is; then never again', async () => {
      const u = await t.user();
      const o = await t.order(u.id);
      await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, { cardNumber: '4242424242424242' });
      let down = true;
      const sent: number[] = [];
      const delivery = testWebhookDelivery({
        db: t.db,
        secret: TEST_SECRET,
        logger: createLogger('orders', { level: 'silent' }),
        intervalMs: 1000,
        send: async (req) => {
          const res = down ? new Response('unavailable', { status: 503 }) : await t.app.fetch(req);
          sent.push(res.status);
          return res;
        },
      });
      expect(await delivery.deliverDue()).toBe(0);
      const [row] = await t.db
        .selectFrom('test_payment_webhooks')
        .selectAll()
        .where('intent_ref', '=', o.providerRef)
        .execute();
      expect(row).toMatchObject({ attempts: 1, last_error: 'answered 503', delivered_at: null });
      // Backed off: not due again at once.
      expect(await delivery.deliverDue()).toBe(0);
      expect(sent).toEqual([503]);
      expect((await orderRow(t.db, o.id)).status).toBe('pending_payment');

      down = false;
      // Time passes (the retry falls due).
      await t.db
        .updateTable('test_payment_webhooks')
        .set({ due_at: 0 })
        .where('intent_ref', '=', o.providerRef)
        .execute();
      expect(await delivery.deliverDue()).toBe(1);
      expect(sent).toEqual([503, 200]);
      expect((await orderRow(t.db, o.id)).status).toBe('paid');
      expect(await delivery.deliverDue()).toBe(0);
      expect(sent).toEqual([503, 200]);
      expect(await orderEvents(t.db, o.id)).toEqual(['OrderPaid']);
    });

    test('two delivery loops at once send each webhook once', async () => {
      const u = await t.user();
      const o = await t.order(u.id);
      await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, { cardNumber: '4000 0000 0000 0002' });
      await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, { cardNumber: '4242424242424242' });
      const sent: string[] = [];
      const loop = () =>
        testWebhookDelivery({
          db: t.db,
          secret: TEST_SECRET,
          logger: createLogger('orders', { level: 'silent' }),
          intervalMs: 1000,
          send: async (req) => {
            sent.push(((await req.clone().json()) as { id: string }).id);
            return t.app.fetch(req);
          },
        });
      const [a, b] = await Promise.all([loop().deliverDue(), loop().deliverDue()]);
      expect((a ?? 0) + (b ?? 0)).toBe(2);
      expect(new Set(sent).size).toBe(sent.length);
      expect((await orderRow(t.db, o.id)).status).toBe('paid');
      // The two loops may send the failure and the success in either order: paid either way, once.
      const events = await orderEvents(t.db, o.id);
      expect(events.filter((e) => e === 'OrderPaid')).toHaveLength(1);
      expect(events.filter((e) => e === 'PaymentFailed').length).toBeLessThanOrEqual(1);
    });
  });
}
