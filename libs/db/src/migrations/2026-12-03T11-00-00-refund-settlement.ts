import { type Kysely, MysqlAdapter } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
// Admin refunds take an Idempotency-Key like checkout, and a provider's refund events that arrive
// while one of our refunds waits for the provider's answer are parked until it settles.
export async function up(db: Kysely<any>): Promise<void> {
  // The refund a key's request reserved: a retry with the key settles that one (the provider is
  // asked again with the refund's id as its idempotency key), never a second.
  await db.schema.alterTable('idempotency_keys').addColumn('refund_id', 'varchar(36)').execute();
  // A refused refund gives its key back, found by the refund (the reconciling sweeper has no key).
  await db.schema.createIndex('idempotency_keys_refund').on('idempotency_keys').column('refund_id').execute();
  // A parked refund event's running total (minor units): applied when the order's refunds settle.
  await db.schema.alterTable('payment_events').addColumn('amount_minor', 'bigint').execute();
  // Parked events of an order, found when its refunds settle.
  await db.schema.createIndex('payment_events_order').on('payment_events').columns(['order_id', 'outcome']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // MySQL names an index's table (DROP INDEX … ON t); SQLite's index names are database-wide.
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  const dropIndex = (name: string, table: string) =>
    (mysql ? db.schema.dropIndex(name).on(table) : db.schema.dropIndex(name)).execute();
  await dropIndex('payment_events_order', 'payment_events');
  await db.schema.alterTable('payment_events').dropColumn('amount_minor').execute();
  await dropIndex('idempotency_keys_refund', 'idempotency_keys');
  await db.schema.alterTable('idempotency_keys').dropColumn('refund_id').execute();
}
