import { type CreateTableBuilder, type Kysely, MysqlAdapter, sql } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
// Orders and payments are owned by apps/orders. No foreign keys to users or products: those apps
// delete or archive on their own, and an order is an accounting record that outlives both.
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`CURRENT_TIMESTAMP`;
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  const utf8 = <T extends string>(b: CreateTableBuilder<T, never>) =>
    mysql ? b.modifyEnd(sql`DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : b;

  await db.schema
    .createTable('orders')
    // UUIDv7: time-ordered, so the primary key is also the listing order.
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    // pending_payment | paid | fulfilled | cancelled | expired | refunded | partially_refunded.
    // Every transition is one UPDATE ... WHERE status IN (allowed from-states): the status is the guard.
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    // Integer minor units, computed once at checkout: total = subtotal + shipping is what the provider charges.
    .addColumn('subtotal_minor', 'bigint', (c) => c.notNull().check(sql`subtotal_minor >= 0`))
    .addColumn('shipping_minor', 'bigint', (c) => c.notNull().check(sql`shipping_minor >= 0`))
    .addColumn('total_minor', 'bigint', (c) => c.notNull().check(sql`total_minor >= 0`))
    // Sum of refunds applied; the CHECK makes "never more than was paid" hold even for a racing write.
    .addColumn('refunded_minor', 'bigint', (c) =>
      c.notNull().defaultTo(0).check(sql`refunded_minor >= 0 AND refunded_minor <= total_minor`),
    )
    // Personal data snapshot at checkout; set to null when the user is deleted (erased_at records when).
    .addColumn('customer_name', 'varchar(255)')
    .addColumn('customer_email', 'varchar(255)')
    // JSON of the shipping address as given at checkout.
    .addColumn('shipping_address', 'text')
    .addColumn('personal_data_erased_at', 'datetime')
    // The provider chosen at checkout ('test', 'stripe', ...) and the current payment's id (payments.id).
    .addColumn('payment_provider', 'varchar(32)', (c) => c.notNull())
    .addColumn('payment_id', 'varchar(36)')
    // A pending_payment order past this time is expired by the sweeper (its stock goes back).
    .addColumn('expires_at', 'datetime', (c) => c.notNull())
    // Bumped by every transition.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('paid_at', 'datetime')
    .addColumn('closed_at', 'datetime')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .$call(utf8)
    .execute();
  // Ids are UUIDv7 (time-ordered), so "newest first" is id order and the id alone is the cursor.
  await db.schema.createIndex('orders_user').on('orders').columns(['user_id', 'id']).execute();
  // The expiry sweeper: pending orders by deadline.
  await db.schema.createIndex('orders_expiry').on('orders').columns(['status', 'expires_at']).execute();
  // Admin listing: by status (newest first), and date ranges.
  await db.schema.createIndex('orders_status').on('orders').columns(['status', 'id']).execute();
  await db.schema.createIndex('orders_created').on('orders').column('created_at').execute();

  // A snapshot of each line at checkout: later catalog changes never touch it.
  await db.schema
    .createTable('order_lines')
    .addColumn('order_id', 'varchar(36)', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'integer', (c) => c.notNull())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull().check(sql`unit_price_minor >= 0`))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 1`))
    .addColumn('line_total_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_lines_pk', ['order_id', 'product_id'])
    .$call(utf8)
    .execute();

  // Checkout's Idempotency-Key, scoped to the user and kept 24 h. The row is inserted first in the
  // checkout transaction: the primary key makes a concurrent second request with the same key wait
  // for (MySQL) or fail against (SQLite) the first, then replay its stored response.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('idem_key', 'varchar(255)', (c) => c.notNull())
    // SHA-256 (hex) of the canonical request body: the same key with another body is a 422.
    .addColumn('request_hash', 'char(64)', (c) => c.notNull())
    // The response to replay; null while the request that owns the key is still running.
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('order_id', 'varchar(36)')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'idem_key'])
    .$call(utf8)
    .execute();
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();

  // One row per payment attempt of an order (written by apps/orders/src/payments).
  await db.schema
    .createTable('payments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('provider', 'varchar(32)', (c) => c.notNull())
    // The provider's id for it (Stripe: the PaymentIntent id); null until the provider answered.
    .addColumn('provider_ref', 'varchar(255)')
    // pending | requires_action | succeeded | failed | cancelled (the payments code owns the vocabulary).
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull().check(sql`amount_minor >= 0`))
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    // What the client needs to pay: a client secret (Stripe) or a URL to confirm at.
    .addColumn('client_secret', 'varchar(500)')
    .addColumn('confirmation_url', 'varchar(1000)')
    .addColumn('failure_reason', 'varchar(500)')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .$call(utf8)
    .execute();
  await db.schema.createIndex('payments_order').on('payments').column('order_id').execute();
  // A provider reference belongs to one payment (NULLs never collide).
  await db.schema
    .createIndex('payments_provider_ref')
    .on('payments')
    .columns(['provider', 'provider_ref'])
    .unique()
    .execute();

  // Webhook deduplication: inserting the provider's event id first (same transaction as its effect)
  // is what applies an event once.
  await db.schema
    .createTable('payment_events')
    .addColumn('provider', 'varchar(32)', (c) => c.notNull())
    .addColumn('provider_event_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('type', 'varchar(100)', (c) => c.notNull())
    .addColumn('payment_id', 'varchar(36)')
    .addColumn('order_id', 'varchar(36)')
    // 'applied', 'ignored' or 'refused' (with why in note), for the log of what happened to each event.
    .addColumn('outcome', 'varchar(24)', (c) => c.notNull().defaultTo('applied'))
    .addColumn('note', 'varchar(500)')
    .addColumn('received_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('payment_events_pk', ['provider', 'provider_event_id'])
    .$call(utf8)
    .execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('payment_id', 'varchar(36)')
    .addColumn('amount_minor', 'bigint', (c) => c.notNull().check(sql`amount_minor > 0`))
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    // The provider's refund id (Stripe re_...); unique so a refund reported twice is counted once.
    .addColumn('provider_ref', 'varchar(255)', (c) => c.unique())
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .$call(utf8)
    .execute();
  await db.schema.createIndex('refunds_order').on('refunds').column('order_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['refunds', 'payment_events', 'payments', 'idempotency_keys', 'order_lines', 'orders']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
