import { type CreateTableBuilder, type Kysely, MysqlAdapter, sql } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
// The `test` payment provider's own side, as a real gateway keeps it on its servers: the payment
// intents it was asked for and the webhooks it still has to deliver. Owned by apps/orders/src/payments.
// Kept apart from `payments`, which is what the shop knows, learned only from those webhooks.
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`CURRENT_TIMESTAMP`;
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  const utf8 = <T extends string>(b: CreateTableBuilder<T, never>) =>
    mysql ? b.modifyEnd(sql`DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : b;

  await db.schema
    .createTable('test_payment_intents')
    .addColumn('ref', 'varchar(64)', (c) => c.primaryKey())
    // The caller's idempotency key (the order id): asking twice returns the same intent.
    .addColumn('idempotency_key', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('order_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull().check(sql`amount_minor >= 0`))
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    // requires_payment_method | processing | succeeded | cancelled: a confirm moves it out of
    // requires_payment_method by one conditional update, so two confirms never both charge.
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    // How many times a charge succeeded (the proof that a payment is captured once).
    .addColumn('captures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_minor', 'bigint', (c) =>
      c.notNull().defaultTo(0).check(sql`refunded_minor >= 0 AND refunded_minor <= amount_minor`),
    )
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .$call(utf8)
    .execute();

  // Webhooks waiting for a 2xx from the shop; the delivery loop retries each until it gets one.
  await db.schema
    .createTable('test_payment_webhooks')
    .addColumn('event_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('intent_ref', 'varchar(64)', (c) => c.notNull())
    // The event's JSON exactly as it is signed and sent.
    .addColumn('payload', 'text', (c) => c.notNull())
    // Epoch ms (database clock) of the next attempt; a claim moves it forward, so instances never send one at once.
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'varchar(500)')
    .addColumn('delivered_at', 'datetime')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .$call(utf8)
    .execute();
  await db.schema
    .createIndex('test_payment_webhooks_due')
    .on('test_payment_webhooks')
    .columns(['delivered_at', 'due_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('test_payment_webhooks').ifExists().execute();
  await db.schema.dropTable('test_payment_intents').ifExists().execute();
}
