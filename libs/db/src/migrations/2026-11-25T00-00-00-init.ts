import { type CreateTableBuilder, type Kysely, MysqlAdapter, sql } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`CURRENT_TIMESTAMP`;
  // MySQL/MariaDB tables must hold any Unicode text, whatever the server's default charset is.
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  const utf8 = <T extends string>(b: CreateTableBuilder<T, never>) =>
    mysql ? b.modifyEnd(sql`DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : b;
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('last_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('day_birth', 'integer', (c) => c.notNull())
    .addColumn('month_birth', 'integer', (c) => c.notNull())
    .addColumn('year_birth', 'integer', (c) => c.notNull())
    .addColumn('gender', 'varchar(10)', (c) => c.notNull())
    .addColumn('phone_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('email', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('password', 'varchar(255)', (c) => c.notNull())
    .addColumn('profile_photo', 'varchar(200)')
    .addColumn('profile_photo_key', 'varchar(255)')
    .addColumn('shipping_address', 'varchar(255)')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .$call(utf8)
    .execute();

  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('family_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('token_hash', 'char(64)', (c) => c.notNull().unique())
    .addColumn('expires_at', 'datetime', (c) => c.notNull())
    .addColumn('used_at', 'datetime')
    .addColumn('revoked_at', 'datetime')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .$call(utf8)
    .execute();
  await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
  await db.schema.createIndex('refresh_tokens_user').on('refresh_tokens').column('user_id').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('event_id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('topic', 'varchar(200)', (c) => c.notNull())
    .addColumn('event_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .addColumn('sent_at', 'datetime')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(utf8)
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['sent_at', 'id']).execute();

  await db.schema
    .createTable('processed_events')
    .addColumn('consumer_group', 'varchar(100)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('processed_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('processed_events_pk', ['consumer_group', 'event_id'])
    .$call(utf8)
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('bucket_key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .$call(utf8)
    .execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(100)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .$call(utf8)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['leases', 'rate_limits', 'processed_events', 'outbox', 'refresh_tokens', 'users']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
