import { type Kysely, MysqlAdapter, sql } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`CURRENT_TIMESTAMP`;
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;

  // A guest cart has a token hash and no user; a user's cart has a user and no token.
  // No foreign key to users: the users app deletes accounts, and the cart learns of it from UserDeleted.
  await db.schema
    .createTable('carts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer')
    // The user's id while this is their active cart, null once closed: the unique index is what makes
    // "one active cart per user" true under concurrent first uses (NULLs never collide).
    .addColumn('active_user_id', 'integer', (c) => c.unique())
    // SHA-256 of the guest token, hex; the token itself is never stored.
    .addColumn('token_hash', 'char(64)', (c) => c.unique())
    // 'active', 'merged' (a guest cart moved into a user's), 'checked_out' (by checkout).
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('merged_into', 'varchar(36)')
    // What a merge capped (JSON), so a retried merge answers exactly what the first one did.
    .addColumn('merge_report', 'text')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    // Every write to the cart or its lines moves it: idle carts are found by it.
    .addColumn('updated_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .$call((b) => (mysql ? b.modifyEnd(sql`DEFAULT CHARSET=utf8mb4`) : b))
    .execute();
  await db.schema.createIndex('carts_user').on('carts').column('user_id').execute();
  // The sweeper's scans: idle carts by status and age.
  await db.schema.createIndex('carts_idle').on('carts').columns(['status', 'updated_at']).execute();

  // No foreign key to products either: the catalog owns that table and archives rather than deletes.
  await db.schema
    .createTable('cart_items')
    .addColumn('cart_id', 'varchar(36)', (c) => c.notNull().references('carts.id').onDelete('cascade'))
    .addColumn('product_id', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 1 AND quantity <= 99`))
    // The price and currency when the line was added; the live price is the catalog's.
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('added_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('cart_items_pk', ['cart_id', 'product_id'])
    .$call((b) => (mysql ? b.modifyEnd(sql`DEFAULT CHARSET=utf8mb4`) : b))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cart_items').ifExists().execute();
  await db.schema.dropTable('carts').ifExists().execute();
}
