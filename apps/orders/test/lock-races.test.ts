import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { DatabaseUnavailableError, type Db } from '@greencommerce/db';
import { createLogger } from '@greencommerce/http';
import { applyPaymentEvent } from '../src/payments/apply-payment-event';
import { refundOrder } from '../src/payments/refund-order';
import { createPaymentsTest, orderRow, type PaymentsTest } from './payments-support';
import {
  createApp,
  createTestOrders,
  DB_KINDS,
  expectError,
  fillCart,
  insertProduct,
  type TestOrders,
} from './support';

type Hook = (n: number) => Promise<void>;

/**
 * The database with a hook before each transaction starts (the n-th, from 1): a hook that throws
 * stands for the server rolling the transaction back over a lock race.
 */
type Tx = { execute(fn: never): Promise<unknown>; setIsolationLevel(level: never): Tx };
function hooked(db: Db, hook: Hook): Db {
  let n = 0;
  const tx = (start: () => Tx): Tx => ({
    execute: async (fn: never) => {
      await hook(++n);
      return start().execute(fn);
    },
    setIsolationLevel: (level: never) => tx(() => start().setIsolationLevel(level)),
  });
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') return () => tx(() => target.transaction() as unknown as Tx);
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** What mysql2 rejects with when InnoDB picks the transaction as a deadlock victim. */
const deadlock = () =>
  Object.assign(new Error('Deadlock found when trying to get lock'), { errno: 1213, code: 'ER_LOCK_DEADLOCK' });

for (const kind of DB_KINDS) {
  describe(`orders losing lock races on ${kind}`, () => {
    let t: TestOrders;
    beforeAll(async () => {
      t = await createTestOrders('orders_locks', kind);
    });
    afterAll(() => t.drop());

    const appWith = (hook: Hook) => {
      const app = createApp({ ...t.deps, db: hooked(t.db, hook) });
      return (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
        app.request(path, {
          method,
          headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
    };

    test('a deadlock or two is retried: cancel and fulfil succeed', async () => {
      const u = await t.user();
      const admin = await t.admin();
      const p = await insertProduct(t.db, { stock: 4 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const { order } = await (await t.checkout(u.headers)).json();
      const call = appWith(async (n) => {
        if (n <= 2) throw deadlock();
      });
      expect((await call('POST', `/orders/${order.id}/cancel`, u.headers)).status).toBe(200);
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const paid = (await (await t.checkout(u.headers)).json()).order;
      await t.db.updateTable('orders').set({ status: 'paid' }).where('id', '=', paid.id).execute();
      const again = appWith(async (n) => {
        if (n <= 2) throw deadlock();
      });
      expect((await again('POST', `/orders/${paid.id}/fulfil`, admin.headers)).status).toBe(200);
    });

    test('a transaction that keeps losing lock races is a 503 in the one error shape, never a 500', async () => {
      const u = await t.user();
      const admin = await t.admin();
      const p = await insertProduct(t.db, { stock: 4 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const { order } = await (await t.checkout(u.headers)).json();
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const call0: Hook = async () => {
        throw deadlock();
      };
      const call = appWith(call0);
      await expectError(
        await call(
          'POST',
          '/checkout',
          { ...u.headers, 'idempotency-key': crypto.randomUUID() },
          {
            shippingAddress: { name: 'Ana', line1: 'Av. 1', city: 'Quito', postalCode: '170135', country: 'EC' },
            paymentProvider: 'fake',
          },
        ),
        503,
        'SERVICE_UNAVAILABLE',
      );
      await expectError(await call('POST', `/orders/${order.id}/cancel`, u.headers), 503, 'SERVICE_UNAVAILABLE');
      await expectError(await call('POST', `/orders/${order.id}/fulfil`, admin.headers), 503, 'SERVICE_UNAVAILABLE');
      // A payment webhook too: the provider gets a 503 and sends it again; nothing was recorded.
      const applied = applyPaymentEvent(
        { db: hooked(t.db, call0), logger: t.deps.logger, payments: t.deps.payments },
        'fake',
        {
          providerEventId: `evt_${order.id}`,
          type: 'succeeded',
          providerType: 'payment.succeeded',
          providerRef: `fake_${order.id}`,
          amountMinor: 1999 + 495,
          currency: 'USD',
        },
      );
      expect(await applied.catch((e) => e)).toBeInstanceOf(DatabaseUnavailableError);
      // Nothing changed: the order is still pending, its stock still reserved.
      const row = await t.db.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('pending_payment');
    });
  });
}

for (const kind of DB_KINDS) {
  describe(`refunds losing lock races on ${kind}`, () => {
    let p: PaymentsTest;
    beforeAll(async () => {
      p = await createPaymentsTest(`locks_${kind}`, kind);
    }, 60_000);
    afterAll(() => p.drop());

    test('a refund whose transactions each lose their first try to a deadlock is retried; one that keeps deadlocking is a 503 and reserves nothing', async () => {
      const u = await p.user();
      const o = await p.order(u.id, { totalMinor: 3000 });
      expect(
        (await p.call('POST', `/payments/${o.paymentId}/confirm`, u.headers, { cardNumber: '4242424242424242' }))
          .status,
      ).toBe(200);
      const deps = (hook: Hook) => ({
        db: hooked(p.db, hook),
        logger: createLogger('orders', { level: 'silent' }),
        payments: p.payments,
      });
      let tries = 0;
      const r = await refundOrder(
        deps(async () => {
          // The reservation's and the completion's transactions each lose their first try.
          if (++tries % 2 === 1) throw deadlock();
        }),
        1,
        crypto.randomUUID(),
        o.id,
        1000,
      );
      expect([r.refunded, r.orderStatus]).toEqual([10, 'partially_refunded']);
      const key = crypto.randomUUID();
      const failed = await refundOrder(
        deps(async () => {
          throw deadlock();
        }),
        1,
        key,
        o.id,
        500,
      ).catch((e) => e);
      expect(failed).toBeInstanceOf(DatabaseUnavailableError);
      expect(Number((await orderRow(p.db, o.id)).refunded_minor)).toBe(1000);
      // Nothing was claimed either: the key is free for the retry.
      const keys = await p.db.selectFrom('idempotency_keys').select('idem_key').where('idem_key', '=', key).execute();
      expect(keys).toEqual([]);
    });
  });
}
