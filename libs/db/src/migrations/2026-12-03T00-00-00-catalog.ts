import { type CreateTableBuilder, type Kysely, MysqlAdapter, sql } from 'kysely';

/** The original web client's six categories, with the images shipped in apps/catalog/assets. */
const CATEGORIES = [
  ['hogar-y-estilo-de-vida', 'Hogar y Estilo de Vida'],
  ['ropa-y-moda-sostenible', 'Ropa y Moda Sostenible'],
  ['cuidado-personal', 'Cuidado Personal'],
  ['comida-y-bebida-sostenible', 'Comida y Bebida Sostenible'],
  ['tecnologia', 'Tecnología'],
  ['bebes-y-ninos', 'Bebés y Niños'],
] as const;

// Frozen in time: migrations take Kysely<any> and never import the app's types.
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`CURRENT_TIMESTAMP`;
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  // utf8mb4_unicode_ci also makes MySQL's full-text search accent- and case-insensitive ("cafe" finds "Café").
  const utf8 = <T extends string>(b: CreateTableBuilder<T, never>) =>
    mysql ? b.modifyEnd(sql`DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : b;

  // Tokens carry the role from the account; admin is granted only by `npm run admin:grant`.
  await db.schema
    .alterTable('users')
    .addColumn('role', 'varchar(20)', (c) => c.notNull().defaultTo('customer'))
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('slug', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    /** A file name under the catalog's shipped assets, or an absolute URL. */
    .addColumn('image', 'varchar(500)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(utf8)
    .execute();
  await db
    .insertInto('categories')
    .values(CATEGORIES.map(([slug, name], position) => ({ slug, name, image: `categories/${slug}.webp`, position })))
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // Integer minor units: sums and comparisons are exact; JSON shows major units with two decimals.
    .addColumn('price_minor', 'bigint', (c) => c.notNull().check(sql`price_minor >= 0`))
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('category_slug', 'varchar(100)', (c) => c.notNull().references('categories.slug'))
    .addColumn('brand', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    // Tenths of a star (0..50), so that "rating >= 4.5" is an integer comparison.
    .addColumn('rating_tenths', 'integer', (c) => c.notNull().defaultTo(0))
    // Units available; conditional updates (`stock >= n`) keep it from going below zero under concurrency.
    .addColumn('stock', 'integer', (c) => c.notNull().check(sql`stock >= 0`))
    .addColumn('featured', 'boolean', (c) => c.notNull().defaultTo(false))
    // The first image's URL and every image as JSON [{id, url}], kept with the row so a listing is one query;
    // product_images is the source of truth for the stored objects.
    .addColumn('image_url', 'varchar(1000)')
    .addColumn('images', 'text', (c) => c.notNull())
    // Bumped by every write: the ETag, and the If-Match check of a concurrent edit.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('archived_at', 'datetime')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .$call(utf8)
    .execute();
  // Listing orders: each ends in id, the cursor's tie-breaker, so pages neither skip nor repeat rows.
  for (const [name, columns] of [
    ['products_category', ['category_slug', 'id']],
    ['products_price', ['price_minor', 'id']],
    ['products_rating', ['rating_tenths', 'id']],
    ['products_name', ['name', 'id']],
    ['products_featured', ['featured', 'id']],
    ['products_brand', ['brand', 'id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('products')
      .columns([...columns])
      .execute();
  }

  if (mysql) {
    await sql`CREATE FULLTEXT INDEX products_search ON products (name, description, brand)`.execute(db);
  } else {
    // An external-content FTS5 table kept in step by triggers; remove_diacritics folds "Café" to "cafe".
    await sql`CREATE VIRTUAL TABLE products_fts USING fts5(name, description, brand, content='products', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
      INSERT INTO products_fts(rowid, name, description, brand) VALUES (new.id, new.name, new.description, new.brand);
    END`.execute(db);
    await sql`CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
      INSERT INTO products_fts(products_fts, rowid, name, description, brand) VALUES ('delete', old.id, old.name, old.description, old.brand);
    END`.execute(db);
    await sql`CREATE TRIGGER products_fts_update AFTER UPDATE OF name, description, brand ON products BEGIN
      INSERT INTO products_fts(products_fts, rowid, name, description, brand) VALUES ('delete', old.id, old.name, old.description, old.brand);
      INSERT INTO products_fts(rowid, name, description, brand) VALUES (new.id, new.name, new.description, new.brand);
    END`.execute(db);
  }

  await db.schema
    .createTable('product_images')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    /** The stored object's key; null for an image given as a URL (the original payload's `image`). */
    .addColumn('object_key', 'varchar(255)')
    .addColumn('url', 'varchar(1000)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .$call(utf8)
    .execute();
  await db.schema
    .createIndex('product_images_product')
    .on('product_images')
    .columns(['product_id', 'position'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('product_images').ifExists().execute();
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  if (!mysql) await sql`DROP TABLE IF EXISTS products_fts`.execute(db);
  await db.schema.dropTable('products').ifExists().execute();
  await db.schema.dropTable('categories').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('role').execute();
}
