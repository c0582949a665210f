import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { DomainEvent } from '@greencommerce/events';
import { createLogger } from '@greencommerce/http';
import { orderConsumers } from '../src/consumers';
import { ProviderError } from '../src/payments/provider';
import { sweepOrdersOnce } from '../src/sweeper';
import { createPaymentsTest, DB_KINDS, orderRow, type PaymentsTest } from './payments-support';

/**
 * An account deleted with orders still waiting for payment: the orders' consumer cancels them in
 * its transaction, where no provider can be called, and marks their started payments; the sweeper
 * then cancels those at the provider, so a payment left open can no longer be paid.
 */
for (const kind of DB_KINDS) {
  describe(`payments of a deleted account's cancelled orders, cancelled at the provider (${kind})`, () => {
    let t: PaymentsTest;
    /**
     * The test provider's cancel calls, by payment reference; the next `failures` calls fail (the
     * provider unreachable), the next `refusals` are refused for good (as Stripe refuses a cancelled intent).
     */
    const calls: string[] = [];
    let failures = 0;
    let refusals = 0;
    const logged: { level: string; msg: string; paymentId?: string }[] = [];
    const logger = createLogger('orders', {
      level: 'info',
      destination: { write: (line: string) => logged.push(JSON.parse(line)) },
    });
    beforeAll(async () => {
      t = await createPaymentsTest(`owed_cancels_${kind}`, kind);
      const provider = t.testProvider;
      const cancel = provider.cancel.bind(provider);
      provider.cancel = async (ref) => {
        calls.push(ref);
        if (failures > 0) {
          failures--;
          throw new Error('connect ECONNREFUSED');
        }
        if (refusals > 0) {
          refusals--;
          throw new ProviderError('the intent is cancelled already', { refused: true });
        }
        await cancel(ref);
      };
    }, 60_000);
    afterAll(() => t.drop());

    const deleteAccount = async (userId: number) => {
      const [consumer] = orderConsumers();
      if (!consumer) throw new Error('no orders consumer');
      await t.db
        .transaction()
        .execute((trx) => consumer.handler(trx, { event: 'UserDeleted', data: { userId } } as unknown as DomainEvent));
    };
    const sweep = (holder = 'sweeper') =>
      sweepOrdersOnce({ db: t.db, holder, payments: { providers: t.payments, logger } });
    const owedSince = async (paymentId: string) =>
      (
        await t.db
          .selectFrom('payments')
          .select('cancel_owed_since')
          .where('id', '=', paymentId)
          .executeTakeFirstOrThrow()
      ).cancel_owed_since;
    const intentStatus = async (ref: string) =>
      (await t.db.selectFrom('test_payment_intents').select('status').where('ref', '=', ref).executeTakeFirstOrThrow())
        .status;
    const callsFor = (ref: string) => calls.filter((c) => c === ref).length;

    /** A deleted account's order whose payment was started: cancelled, its payment marked. */
    const deletedWithStartedPayment = async () => {
      const u = await t.user();
      const o = await t.order(u.id);
      await deleteAccount(u.id);
      expect((await orderRow(t.db, o.id)).status).toBe('cancelled');
      expect(await owedSince(o.paymentId)).not.toBeNull();
      return o;
    };

    test('the payment is cancelled at the provider once, by the sweeper, and the mark cleared', async () => {
      const o = await deletedWithStartedPayment();
      // Not in the consumer's transaction: its payment is still open until the sweeper runs.
      expect(callsFor(o.providerRef)).toBe(0);
      expect(await intentStatus(o.providerRef)).toBe('requires_payment_method');
      expect((await sweep()).cancels).toBeGreaterThanOrEqual(1);
      expect(callsFor(o.providerRef)).toBe(1);
      expect(await intentStatus(o.providerRef)).toBe('cancelled');
      expect(await owedSince(o.paymentId)).toBeNull();
      // The event again (a redelivery) and another run: nothing more is asked.
      await deleteAccount((await orderRow(t.db, o.id)).user_id);
      await sweep();
      expect(callsFor(o.providerRef)).toBe(1);
      expect(await owedSince(o.paymentId)).toBeNull();
    });

    test('a provider that cannot be reached keeps the mark: the next run asks again and clears it', async () => {
      const o = await deletedWithStartedPayment();
      failures = 1;
      await sweep();
      expect(callsFor(o.providerRef)).toBe(1);
      expect(await intentStatus(o.providerRef)).toBe('requires_payment_method');
      expect(await owedSince(o.paymentId)).not.toBeNull();
      await sweep();
      expect(callsFor(o.providerRef)).toBe(2);
      expect(await intentStatus(o.providerRef)).toBe('cancelled');
      expect(await owedSince(o.paymentId)).toBeNull();
    });

    const markedAgo = (paymentId: string, ms: number) =>
      t.db
        .updateTable('payments')
        .set({ cancel_owed_since: new Date(Date.now() - ms) })
        .where('id', '=', paymentId)
        .execute();

    test('a mark older than a day is still asked; given up (cleared, an error logged) only once its try failed', async () => {
      const asked = await deletedWithStartedPayment();
      await markedAgo(asked.paymentId, 25 * 3_600_000);
      await sweep();
      expect(callsFor(asked.providerRef)).toBe(1);
      expect(await intentStatus(asked.providerRef)).toBe('cancelled');
      const failing = await deletedWithStartedPayment();
      await markedAgo(failing.paymentId, 25 * 3_600_000);
      failures = 1;
      await sweep();
      expect(callsFor(failing.providerRef)).toBe(1);
      expect(await owedSince(failing.paymentId)).toBeNull();
      expect(logged.filter((l) => l.paymentId === failing.paymentId)).toEqual([
        expect.objectContaining({ level: 'error', msg: expect.stringContaining('given up after a day') }),
      ]);
    });

    test('a provider failing in a run is asked once: its other marks wait for the next run', async () => {
      const older = await deletedWithStartedPayment();
      const newer = await deletedWithStartedPayment();
      await markedAgo(older.paymentId, 60_000);
      failures = 2;
      await sweep();
      expect(callsFor(older.providerRef) + callsFor(newer.providerRef)).toBe(1);
      expect(callsFor(older.providerRef)).toBe(1);
      expect(await owedSince(newer.paymentId)).not.toBeNull();
      failures = 0;
      await sweep();
      expect(await owedSince(older.paymentId)).toBeNull();
      expect(await owedSince(newer.paymentId)).toBeNull();
    });

    test('a cancel the provider refuses for good clears the mark: it is not asked again', async () => {
      const o = await deletedWithStartedPayment();
      refusals = 1;
      await sweep();
      expect(callsFor(o.providerRef)).toBe(1);
      expect(await owedSince(o.paymentId)).toBeNull();
      await sweep();
      expect(callsFor(o.providerRef)).toBe(1);
    });

    test('nothing to cancel (paid meanwhile, or its provider no longer configured): cleared without a call', async () => {
      const paid = await deletedWithStartedPayment();
      const retired = await deletedWithStartedPayment();
      await t.db.updateTable('payments').set({ status: 'succeeded' }).where('id', '=', paid.paymentId).execute();
      await t.db.updateTable('payments').set({ provider: 'retired' }).where('id', '=', retired.paymentId).execute();
      await sweep();
      expect(callsFor(paid.providerRef) + callsFor(retired.providerRef)).toBe(0);
      expect(await owedSince(paid.paymentId)).toBeNull();
      expect(await owedSince(retired.paymentId)).toBeNull();
    });

    test('an order whose payment was never started: no mark, no call', async () => {
      const u = await t.user();
      const o = await t.unstartedOrder(u.id);
      const before = calls.length;
      await deleteAccount(u.id);
      expect((await orderRow(t.db, o.id)).status).toBe('cancelled');
      expect(await owedSince(o.paymentId)).toBeNull();
      expect((await sweep()).cancels).toBe(0);
      expect(calls.length).toBe(before);
    });

    test('two sweepers at once (two instances): the payment is cancelled once', async () => {
      const o = await deletedWithStartedPayment();
      // The lease the earlier runs' holder still has for its TTL.
      await t.db.deleteFrom('leases').where('name', '=', 'orders-sweeper').execute();
      await Promise.all([sweep('a'), sweep('b')]);
      expect(callsFor(o.providerRef)).toBe(1);
      expect(await intentStatus(o.providerRef)).toBe('cancelled');
      expect(await owedSince(o.paymentId)).toBeNull();
    });
  });
}
