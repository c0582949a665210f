import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { Migrator } from 'kysely/migration';
import { migrateToLatest } from '../src/index';
import { migrations } from '../src/migrations/index';
import { orderRow, paymentRow } from './order-fixture';

const payment = (id: string, orderId: string, createdAt: Date, providerRef: string | null = null) =>
  paymentRow(id, orderId, { created_at: createdAt, provider_ref: providerRef });

// Orders placed before an order was written with its payment row: after the migration every one a
// checkout could still resume points at a row, and nothing else changed.
for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('order_payment_row')],
  ['sqlite', () => createSqliteTestDb()],
] as const) {
  describe(`migration 2026-12-03T17-00-00-order-payment-row (${dialect})`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
      const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => migrations } });
      // Back to just before it (the later ones undone first).
      const { error, results } = await migrator.migrateTo('2026-12-03T14-00-00-login-settled');
      if (error) throw error;
      expect(results?.at(-1)?.migrationName).toBe('2026-12-03T17-00-00-order-payment-row');
    });
    afterAll(() => t.drop());

    test('each pending order points at its first payment, a started one before any other, or at a new one; closed ones stay', async () => {
      const [unstarted, twice, cancelled, pointed, raced, expired] = Array.from({ length: 6 }, () =>
        crypto.randomUUID(),
      );
      await t.db
        .insertInto('orders')
        .values([
          orderRow(unstarted as string),
          orderRow(twice as string),
          orderRow(cancelled as string, { status: 'cancelled' }),
          orderRow(pointed as string, { payment_id: 'p-pointed' }),
          orderRow(raced as string),
          orderRow(expired as string, { status: 'expired' }),
        ])
        .execute();
      await t.db
        .insertInto('payments')
        .values([
          payment('p-second', twice as string, new Date('2026-12-01T10:00:05Z')),
          payment('p-first', twice as string, new Date('2026-12-01T10:00:00Z')),
          payment('p-pointed', pointed as string, new Date('2026-12-01T10:00:00Z')),
          // Two starts at once before this change, the loser's row left behind by a restart before it
          // was deleted: the order's payment is the one the provider answered (a resume asking again
          // gets that reference, which the other row could not take).
          payment('p-raced-loser', raced as string, new Date('2026-12-01T10:00:00Z')),
          payment('p-raced-winner', raced as string, new Date('2026-12-01T10:00:01Z'), 'tpi_raced'),
          // Never resumed, never paid: not even read.
          payment('p-expired', expired as string, new Date('2026-12-01T10:00:00Z')),
        ])
        .execute();

      await migrateToLatest(t.db);

      const rows = await t.db.selectFrom('orders').select(['id', 'payment_id']).execute();
      const pointer = (id: string | undefined) => rows.find((r) => r.id === id)?.payment_id;
      expect(pointer(twice)).toBe('p-first');
      expect(pointer(pointed)).toBe('p-pointed');
      expect(pointer(raced)).toBe('p-raced-winner');
      expect(pointer(cancelled)).toBeNull();
      expect(pointer(expired)).toBeNull();
      const created = await t.db
        .selectFrom('payments')
        .selectAll()
        .where('order_id', '=', unstarted as string)
        .execute();
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({
        id: pointer(unstarted),
        provider: 'test',
        status: 'pending',
        provider_ref: null,
        currency: 'EUR',
      });
      expect(Number(created[0]?.amount_minor)).toBe(1500);
      expect(await t.db.selectFrom('payments').select('id').execute()).toHaveLength(7);
    });
  });
}
