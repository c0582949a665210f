import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { adminTokenFor } from '@greencommerce/testing';
import { sweepOrdersOnce } from '../src/sweeper';
import {
  count,
  createPaymentsTest,
  DB_KINDS,
  expectError,
  orderEvents,
  orderRow,
  type PaymentsTest,
} from './payments-support';

/** Admin refunds take an Idempotency-Key with checkout's semantics: a retried click never refunds twice. */
for (const kind of DB_KINDS) {
  describe(`refunds with an Idempotency-Key on ${kind}`, () => {
    let t: PaymentsTest;
    beforeAll(async () => {
      t = await createPaymentsTest(`refund_keys_${kind}`, kind);
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
      return o;
    };
    /** What the test provider refunded on the payment: the money that actually went back. */
    const refundedAtProvider = async (ref: string) =>
      Number(
        (
          await t.db
            .selectFrom('test_payment_intents')
            .select('refunded_minor')
            .where('ref', '=', ref)
            .executeTakeFirstOrThrow()
        ).refunded_minor,
      );
    const refundRows = (orderId: string) =>
      t.db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).execute();

    test('without the header: 400 naming it, nothing refunded', async () => {
      const o = await paidOrder(3000);
      const res = await t.call('POST', `/orders/${o.id}/refunds`, t.admin, { amount: 5 });
      const body = await expectError(res, 400, 'BAD_REQUEST');
      expect(body.message).toContain('Idempotency-Key');
      expect(await refundedAtProvider(o.providerRef)).toBe(0);
      expect(Number((await orderRow(t.db, o.id)).refunded_minor)).toBe(0);
    });

    test('the same key and body again (a retried click): the same answer, one refund, once at the provider', async () => {
      const o = await paidOrder(3000);
      const key = crypto.randomUUID();
      const first = await t.refund(o.id, 5, key);
      expect(first.status).toBe(201);
      const body = await first.json();
      // The order moves on meanwhile (another refund): the retry still answers what the first did.
      expect((await t.refund(o.id, 1)).status).toBe(201);
      for (let i = 0; i < 3; i++) {
        const again = await t.refund(o.id, '5.00', key);
        expect(again.status).toBe(201);
        expect(await again.json()).toEqual(body);
      }
      expect(await refundedAtProvider(o.providerRef)).toBe(600);
      expect((await refundRows(o.id)).map((r) => Number(r.amount_minor)).sort()).toEqual([100, 500]);
      expect(count(await orderEvents(t.db, o.id), 'OrderRefunded')).toBe(2);
    });

    test('the same key with another amount or another order: 422, nothing refunded', async () => {
      const o = await paidOrder(3000);
      const other = await paidOrder(3000);
      const key = crypto.randomUUID();
      expect((await t.refund(o.id, 5, key)).status).toBe(201);
      await expectError(await t.refund(o.id, 6, key), 422, 'UNPROCESSABLE');
      await expectError(await t.refund(other.id, 5, key), 422, 'UNPROCESSABLE');
      expect(await refundedAtProvider(o.providerRef)).toBe(500);
      expect(await refundedAtProvider(other.providerRef)).toBe(0);
      expect(Number((await orderRow(t.db, other.id)).refunded_minor)).toBe(0);
    });

    test('eight requests at once with one key: one refund, every answer the same', async () => {
      const o = await paidOrder(3000);
      const key = crypto.randomUUID();
      const results = await Promise.all(Array.from({ length: 8 }, () => t.refund(o.id, 7, key)));
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
      const bodies = await Promise.all(results.map((r) => r.json()));
      for (const b of bodies) expect(b).toEqual(bodies[0]);
      expect(await refundedAtProvider(o.providerRef)).toBe(700);
      expect(await refundRows(o.id)).toHaveLength(1);
      const order = await orderRow(t.db, o.id);
      expect([order.status, Number(order.refunded_minor)]).toEqual(['partially_refunded', 700]);
      expect(count(await orderEvents(t.db, o.id), 'OrderRefunded')).toBe(1);
    });

    test("keys are the caller's: another admin's same key is another refund", async () => {
      const o = await paidOrder(3000);
      const key = crypto.randomUUID();
      const second = { authorization: `Bearer ${await adminTokenFor(2)}` };
      expect((await t.refund(o.id, 4, key)).status).toBe(201);
      expect((await t.refund(o.id, 4, key, second)).status).toBe(201);
      expect(await refundedAtProvider(o.providerRef)).toBe(800);
    });

    test('a key whose refund was refused is free again, like a failed checkout', async () => {
      const o = await paidOrder(1000);
      const key = crypto.randomUUID();
      // The provider's dashboard refunded most of it first (its webhook not delivered yet): ours does not fit there.
      await t.testProvider.refund({ providerRef: o.providerRef, amountMinor: 900, idempotencyKey: `dash-${o.id}` });
      const refused = await t.refund(o.id, 5, key);
      const body = await expectError(refused, 402, 'PAYMENT_PROVIDER_REFUSED');
      expect(body.message).toContain('test refused the refund');
      expect(body.message).toContain('amount_too_large');
      // Nothing of ours was refunded, the reservation came back, and the key is not bound to the refusal.
      expect(await refundedAtProvider(o.providerRef)).toBe(900);
      expect(await refundRows(o.id)).toHaveLength(0);
      const retried = await t.refund(o.id, 1, key);
      expect(retried.status).toBe(201);
      expect(await refundedAtProvider(o.providerRef)).toBe(1000);
    });
  });
}

describe('a refund whose provider call never came back, settled by the sweeper (mysql)', () => {
  let t: PaymentsTest;
  beforeAll(async () => {
    t = await createPaymentsTest('refund_sweeper', 'mysql');
  }, 60_000);
  afterAll(async () => {
    await t.drop();
  });

  test('pending since the outage, asked again with its own key: made once, the key then answers it', async () => {
    const u = await t.user();
    const o = await t.order(u.id, { totalMinor: 2000 });
    expect(
      (await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, { cardNumber: '4242424242424242' })).status,
    ).toBe(200);
    const provider = t.testProvider;
    const refund = provider.refund.bind(provider);
    // The provider is unreachable for this one call.
    provider.refund = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    const key = crypto.randomUUID();
    const sweep = () =>
      sweepOrdersOnce(
        { db: t.db, holder: 'sweeper', payments: { providers: t.payments, logger: t.logger } },
        new Date(Date.now() + 120_000),
      );
    try {
      const res = await t.refund(o.id, 8, key);
      const body = await expectError(res, 503, 'SERVICE_UNAVAILABLE');
      expect(body.message).toContain('payment provider test unavailable');
      // Pending: held on the order (the provider may have made it), not yet confirmed, no event.
      expect(Number((await orderRow(t.db, o.id)).refunded_minor)).toBe(800);
      expect(await orderEvents(t.db, o.id)).toEqual(['OrderPaid']);
      // Still down when the sweeper asks: it stays pending, for the next run.
      expect((await sweep()).refunds).toBe(0);
      expect(Number((await orderRow(t.db, o.id)).refunded_minor)).toBe(800);
    } finally {
      provider.refund = refund;
    }
    // Pending for a day, the provider may have forgotten the refund's key: asked then, it could refund twice.
    const pendingSince = (at: Date) =>
      t.db.updateTable('refunds').set({ created_at: at }).where('order_id', '=', o.id).execute();
    await pendingSince(new Date(Date.now() - 24 * 3_600_000));
    expect((await sweep()).refunds).toBe(0);
    expect(await orderEvents(t.db, o.id)).toEqual(['OrderPaid']);
    await pendingSince(new Date());
    expect((await sweep()).refunds).toBe(1);
    const order = await orderRow(t.db, o.id);
    expect([order.status, Number(order.refunded_minor)]).toEqual(['partially_refunded', 800]);
    expect(await orderEvents(t.db, o.id)).toEqual(['OrderPaid', 'OrderRefunded']);
    // The admin's retry with the key now answers the settled refund; nothing more is refunded.
    const retried = await t.refund(o.id, 8, key);
    expect(retried.status).toBe(201);
    expect(await retried.json()).toMatchObject({ amount: 8, refunded: 8, orderStatus: 'partially_refunded' });
    const intent = await t.db
      .selectFrom('test_payment_intents')
      .select('refunded_minor')
      .where('ref', '=', o.providerRef)
      .executeTakeFirstOrThrow();
    expect(Number(intent.refunded_minor)).toBe(800);
  });

  test('a pending refund that cannot be settled (its provider no longer configured) is reported; the ones after it are settled', async () => {
    const provider = t.testProvider;
    const refund = provider.refund.bind(provider);
    const orders = [];
    provider.refund = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    try {
      for (let i = 0; i < 2; i++) {
        const u = await t.user();
        const o = await t.order(u.id, { totalMinor: 2000 });
        const card = { cardNumber: '4242424242424242' };
        expect((await t.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, card)).status).toBe(200);
        await expectError(await t.refund(o.id, 5, crypto.randomUUID()), 503, 'SERVICE_UNAVAILABLE');
        orders.push(o);
      }
    } finally {
      provider.refund = refund;
    }
    // The first (older) one's provider was taken out of the configuration meanwhile.
    const [retired, settled] = orders as [(typeof orders)[0], (typeof orders)[0]];
    await t.db
      .updateTable('refunds')
      .set({ created_at: new Date(Date.now() - 60_000) })
      .where('order_id', '=', retired.id)
      .execute();
    await t.db.updateTable('payments').set({ provider: 'retired' }).where('order_id', '=', retired.id).execute();
    const reported: string[] = [];
    const done = await sweepOrdersOnce(
      {
        db: t.db,
        holder: 'sweeper',
        payments: { providers: t.payments, logger: t.logger },
        onError: (e) => reported.push((e as Error).message),
      },
      new Date(Date.now() + 120_000),
    );
    expect(reported).toEqual([expect.stringMatching(/^settling refund .+ failed; the sweep went on without it$/)]);
    expect(done.refunds).toBe(1);
    expect(await orderEvents(t.db, settled.id)).toEqual(['OrderPaid', 'OrderRefunded']);
    expect(await orderEvents(t.db, retired.id)).toEqual(['OrderPaid']);
  });
});
