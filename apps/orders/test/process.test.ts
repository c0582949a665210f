import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { tmpdir } from 'node:os';
import { createDb, type Db, migrateToLatest } from '@greencommerce/db';
import { insertAccount, type Service, startService, TEST_JWT_ENV, tokenFor } from '@greencommerce/testing';
import { address, fillCart, insertProduct, stockOf } from './support';

// The real entry point as its own process on the embedded database, with the payment side's `test`
// provider: checkout, a card confirmation, and the signed webhook the delivery loop sends to the
// service's own /payments/webhooks/test, which pays the order.
describe('the orders process on embedded SQLite', () => {
  let db: Db;
  let service: Service;
  const file = `${tmpdir()}/gc-orders-process-${process.pid}-${crypto.randomUUID()}.sqlite`;
  beforeAll(async () => {
    db = createDb({ url: file });
    await migrateToLatest(db);
    service = await startService('orders', {
      ...TEST_JWT_ENV,
      DATABASE_URL: file,
      KAFKA_BROKERS: '',
      LOG_LEVEL: 'warn',
      ORDERS_WORKERS: '1',
      TEST_PAYMENTS_DELIVERY_INTERVAL_MS: '50',
    });
  }, 60_000);
  afterAll(async () => {
    service?.proc.kill();
    await service?.proc.exited;
    expect(service?.proc.exitCode).toBe(0);
    await db.destroy();
    for (const suffix of ['', '-wal', '-shm'])
      await Bun.file(file + suffix)
        .delete()
        .catch(() => {});
  });

  test('checkout with the test provider, a 4242 card, and the order is paid by the webhook', async () => {
    const userId = 4242;
    await insertAccount(db, `u${userId}@example.com`, userId);
    const auth = { authorization: `Bearer ${await tokenFor(userId)}` };
    const p = await insertProduct(db, { stock: 3, priceMinor: 1000 });
    await fillCart(db, userId, [{ productId: p, quantity: 2 }]);
    const res = await fetch(`${service.base}/checkout`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ shippingAddress: address(), paymentProvider: 'test' }),
    });
    expect(res.status).toBe(201);
    const { order, payment } = await res.json();
    expect([order.status, order.total, payment.provider]).toEqual(['pending_payment', 24.95, 'test']);
    expect(await stockOf(db, p)).toBe(1);
    const confirm = await fetch(`${service.base}/payments/${payment.id}/confirm`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ cardNumber: '4242 4242 4242 4242' }),
    });
    expect(confirm.status).toBeLessThan(300);
    const deadline = Date.now() + 20_000;
    let status = '';
    while (Date.now() < deadline) {
      status = (await (await fetch(`${service.base}/orders/${order.id}`, { headers: auth })).json()).status;
      if (status === 'paid') break;
      await Bun.sleep(50);
    }
    expect(status).toBe('paid');
    const mine = await (await fetch(`${service.base}/orders`, { headers: auth })).json();
    expect(mine.map((o: { id: string }) => o.id)).toEqual([order.id]);
  }, 60_000);
});
