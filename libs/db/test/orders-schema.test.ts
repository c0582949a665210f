import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { isUniqueViolation } from '../src/index';
import { orderRow } from './order-fixture';

// The tables the orders and payments code share: their constraints are the last line of defence.
for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('orders_schema')],
  ['sqlite', () => createSqliteTestDb()],
] as const) {
  describe(`orders tables (${dialect})`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(() => t.drop());

    test('an order, its lines and refunds round-trip; refunded_minor defaults to 0', async () => {
      const id = crypto.randomUUID();
      await t.db.insertInto('orders').values(orderRow(id)).execute();
      await t.db
        .insertInto('order_lines')
        .values({
          order_id: id,
          position: 0,
          product_id: 7,
          slug: 'x',
          name: 'X',
          unit_price_minor: 500,
          quantity: 2,
          line_total_minor: 1000,
        })
        .execute();
      const row = await t.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(Number(row.refunded_minor)).toBe(0);
      expect(row.version).toBe(1);
      expect(row.customer_name).toBe('Ana Pérez 😀');
    });

    test('refunded_minor can never exceed the total (CHECK)', async () => {
      const id = crypto.randomUUID();
      await t.db.insertInto('orders').values(orderRow(id)).execute();
      await expect(
        t.db.updateTable('orders').set({ refunded_minor: 1501 }).where('id', '=', id).execute(),
      ).rejects.toThrow();
      await t.db.updateTable('orders').set({ refunded_minor: 1500 }).where('id', '=', id).execute();
    });

    test('idempotency keys are unique per user, not globally', async () => {
      const row = { user_id: 1, idem_key: 'k1', request_hash: 'a'.repeat(64) };
      await t.db.insertInto('idempotency_keys').values(row).execute();
      await t.db
        .insertInto('idempotency_keys')
        .values({ ...row, user_id: 2 })
        .execute();
      const err = await t.db
        .insertInto('idempotency_keys')
        .values(row)
        .execute()
        .catch((e) => e);
      expect(isUniqueViolation(err)).toBe(true);
    });

    test('a provider event id is stored once (webhook dedup); a provider ref belongs to one payment', async () => {
      const ev = { provider: 'test', provider_event_id: 'evt_1', type: 'payment.succeeded' };
      await t.db.insertInto('payment_events').values(ev).execute();
      expect(
        isUniqueViolation(
          await t.db
            .insertInto('payment_events')
            .values(ev)
            .execute()
            .catch((e) => e),
        ),
      ).toBe(true);
      const pay = (id: string) => ({
        id,
        order_id: 'o',
        provider: 'stripe',
        provider_ref: 'pi_1',
        status: 'pending' as const,
        amount_minor: 1500,
        currency: 'EUR',
      });
      await t.db.insertInto('payments').values(pay(crypto.randomUUID())).execute();
      const err = await t.db
        .insertInto('payments')
        .values(pay(crypto.randomUUID()))
        .execute()
        .catch((e) => e);
      expect(isUniqueViolation(err)).toBe(true);
      // Payments not yet known to the provider (null ref) never collide.
      for (let i = 0; i < 2; i++)
        await t.db
          .insertInto('payments')
          .values({ ...pay(crypto.randomUUID()), provider_ref: null })
          .execute();
    });

    test('a refund reported twice by the provider is stored once', async () => {
      const r = () => ({
        id: crypto.randomUUID(),
        order_id: 'o',
        amount_minor: 100,
        currency: 'EUR',
        provider_ref: 're_1',
      });
      await t.db.insertInto('refunds').values(r()).execute();
      expect(
        isUniqueViolation(
          await t.db
            .insertInto('refunds')
            .values(r())
            .execute()
            .catch((e) => e),
        ),
      ).toBe(true);
    });
  });
}
