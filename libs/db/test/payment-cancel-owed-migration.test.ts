import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { Migrator } from 'kysely/migration';
import { clearPaymentCancelOwed, findCancelOwedPayments, markPaymentsCancelOwed, migrateToLatest } from '../src/index';
import { migrations } from '../src/migrations/index';
import { orderRow, paymentRow } from './order-fixture';

const payment = (id: string, orderId: string, providerRef: string | null) =>
  paymentRow(id, orderId, { provider_ref: providerRef });

// payments.cancel_owed_since: undone and done again over existing payments, which owe nothing; the
// marks then come back oldest first, only for started payments, and go once cleared.
for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('payment_cancel_owed')],
  ['sqlite', () => createSqliteTestDb()],
] as const) {
  describe(`migration 2026-12-04T14-30-00-payment-cancel-owed (${dialect})`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(() => t.drop());

    test('down drops the column and its index, up adds them back; existing payments owe nothing', async () => {
      const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
      await t.db
        .insertInto('orders')
        .values([orderRow(a), orderRow(b), orderRow(c)])
        .execute();
      await t.db
        .insertInto('payments')
        .values([payment('p-a', a, 'tpi_a'), payment('p-b', b, 'tpi_b'), payment('p-c', c, null)])
        .execute();
      const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => migrations } });
      const { error, results } = await migrator.migrateTo('2026-12-04T06-00-00-payload-sizes');
      if (error) throw error;
      expect(results?.at(-1)?.migrationName).toBe('2026-12-04T14-30-00-payment-cancel-owed');
      // Read from the schema: SQLite takes an unknown double-quoted name in a SELECT for a string.
      const columns = async () =>
        (await t.db.introspection.getTables()).find((x) => x.name === 'payments')?.columns.map((col) => col.name);
      expect(await columns()).not.toContain('cancel_owed_since');

      await migrateToLatest(t.db);
      expect(await columns()).toContain('cancel_owed_since');

      expect(await findCancelOwedPayments(t.db, 10)).toEqual([]);
      await markPaymentsCancelOwed(t.db, b, new Date('2026-12-04T10:00:00Z'));
      await markPaymentsCancelOwed(t.db, a, new Date('2026-12-04T11:00:00Z'));
      // Never started: nothing at the provider to cancel.
      await markPaymentsCancelOwed(t.db, c, new Date('2026-12-04T09:00:00Z'));
      // Marked again (a redelivered event): it keeps its first time.
      await markPaymentsCancelOwed(t.db, b, new Date('2026-12-04T12:00:00Z'));
      expect((await findCancelOwedPayments(t.db, 10)).map((p) => p.id)).toEqual(['p-b', 'p-a']);
      await clearPaymentCancelOwed(t.db, 'test', 'tpi_b');
      expect((await findCancelOwedPayments(t.db, 10)).map((p) => p.id)).toEqual(['p-a']);
    });
  });
}
