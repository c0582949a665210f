import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ProviderError } from '../src/payments/provider';
import { sweepOrdersOnce } from '../src/sweeper';
import { createPaymentsTest, DB_KINDS, expectError, orderRow, type PaymentsTest } from './payments-support';

type Refunded = { event: string; data: { refundedMinor: number; full: boolean } };

/**
 * Two refunds of one order overlapping: one still waits for the provider while the other settles.
 * The order's status and its OrderRefunded events count only what the provider made, never the
 * amount the waiting one reserved (it may yet be refused and given back).
 */
for (const kind of DB_KINDS) {
  describe(`overlapping refunds on ${kind}`, () => {
    let t: PaymentsTest;
    beforeAll(async () => {
      t = await createPaymentsTest(`refund_overlap_${kind}`, kind);
    }, 60_000);
    afterAll(async () => {
      await t.drop();
    });

    const refundedEvents = async (orderId: string) =>
      (await t.db.selectFrom('outbox').select('payload').where('event_key', '=', orderId).orderBy('id').execute())
        .map((r) => JSON.parse(r.payload) as Refunded)
        .filter((e) => e.event === 'OrderRefunded')
        .map(({ data: { refundedMinor, full } }) => ({ refundedMinor, full }));
    const sweep = () =>
      sweepOrdersOnce(
        { db: t.db, holder: 'sweeper', payments: { providers: t.payments, logger: t.logger } },
        new Date(Date.now() + 120_000),
      );

    /** A paid order of 20.00 with 12.00 of it reserved by a refund the provider never answered. */
    const withPendingRefund = async () => {
      const u = await t.user();
      const o = await t.order(u.id, { totalMinor: 2000 });
      const paid = await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, {
        cardNumber: '4242424242424242',
      });
      expect(paid.status).toBe(200);
      const provider = t.testProvider;
      const refund = provider.refund.bind(provider);
      provider.refund = async () => {
        throw new Error('connect ECONNREFUSED');
      };
      try {
        await expectError(await t.refund(o.id, 12), 503, 'SERVICE_UNAVAILABLE');
      } finally {
        provider.refund = refund;
      }
      // The rest, refunded while the first waits: made at once.
      expect((await t.refund(o.id, 8)).status).toBe(201);
      return o;
    };

    test('the second settles first: partly refunded by what was made, not by what is reserved', async () => {
      const o = await withPendingRefund();
      const order = await orderRow(t.db, o.id);
      expect(order.status).toBe('partially_refunded');
      expect(order.closed_at).toBeNull();
      expect(await refundedEvents(o.id)).toEqual([{ refundedMinor: 800, full: false }]);
      // The waiting one made when the provider is back: refunded in full, one event saying so.
      expect((await sweep()).refunds).toBe(1);
      const after = await orderRow(t.db, o.id);
      expect([after.status, Number(after.refunded_minor)]).toEqual(['refunded', 2000]);
      expect(await refundedEvents(o.id)).toEqual([
        { refundedMinor: 800, full: false },
        { refundedMinor: 2000, full: true },
      ]);
    });

    test('the waiting one then refused: the order stays partly refunded, never announced as refunded in full', async () => {
      const o = await withPendingRefund();
      const provider = t.testProvider;
      const refund = provider.refund.bind(provider);
      provider.refund = async () => {
        throw new ProviderError('refund refused', { refused: true, reason: 'charge_disputed' });
      };
      try {
        await sweep();
      } finally {
        provider.refund = refund;
      }
      const order = await orderRow(t.db, o.id);
      expect([order.status, Number(order.refunded_minor)]).toEqual(['partially_refunded', 800]);
      expect(order.closed_at).toBeNull();
      expect(await refundedEvents(o.id)).toEqual([{ refundedMinor: 800, full: false }]);
    });
  });
}
