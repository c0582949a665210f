import { type Kysely, MysqlAdapter, sql } from 'kysely';
import type { Db } from '../create-db';
import type { Database, NewProduct, ProductRow } from '../schema';

// Bulk writes of products by slug (the import and the demo seed): one multi-row statement per
// batch, in a transaction that also holds the batch's outbox events.

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom' | 'getExecutor'>;

const isMysqlExecutor = (db: Executor) => db.getExecutor().adapter instanceof MysqlAdapter;

/**
 * A transaction that holds the write lock from its first statement. On SQLite a deferred
 * transaction that reads before it writes fails with SQLITE_BUSY when another process wrote in
 * between (its snapshot is stale, and waiting cannot help); `BEGIN IMMEDIATE` queues behind the
 * other writer instead (busy_timeout), then reads fresh data. MySQL locks the rows it reads
 * (`lockProductsBySlug`), so an ordinary transaction suffices there.
 */
export async function writeTransaction<T>(db: Db, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.getExecutor().adapter instanceof MysqlAdapter) return db.transaction().execute(work);
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      const result = await work(conn);
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (err) {
      await sql`ROLLBACK`.execute(conn).catch(() => {});
      throw err;
    }
  });
}

/** What a bulk write compares against: the product's written fields and its image given by URL. */
export type ExistingProduct = Pick<
  ProductRow,
  | 'id'
  | 'slug'
  | 'name'
  | 'description'
  | 'price_minor'
  | 'currency'
  | 'category_slug'
  | 'brand'
  | 'rating_tenths'
  | 'stock'
  | 'featured'
  | 'archived_at'
> & {
  /** The URL of the image given by URL (no stored object), if any. */
  urlImage: string | null;
};

/**
 * The products with these slugs, archived ones included. On MySQL the rows (and, for slugs not
 * taken yet, the index gaps) stay locked until the transaction ends, so a concurrent writer of the
 * same slugs waits and what was read is still true when the batch is written.
 */
export async function lockProductsBySlug(trx: Executor, slugs: string[]): Promise<Map<string, ExistingProduct>> {
  const found = new Map<string, ExistingProduct>();
  if (slugs.length === 0) return found;
  const query = trx
    .selectFrom('products')
    .select([
      'id',
      'slug',
      'name',
      'description',
      'price_minor',
      'currency',
      'category_slug',
      'brand',
      'rating_tenths',
      'stock',
      'featured',
      'archived_at',
    ])
    .where('slug', 'in', slugs);
  const rows = await (isMysqlExecutor(trx) ? query.forUpdate() : query).execute();
  if (rows.length === 0) return found;
  const urlImages = await trx
    .selectFrom('product_images')
    .select(['product_id', 'url'])
    .where(
      'product_id',
      'in',
      rows.map((r) => r.id),
    )
    .where('object_key', 'is', null)
    .execute();
  const urlByProduct = new Map(urlImages.map((i) => [i.product_id, i.url]));
  for (const r of rows)
    found.set(r.slug, {
      ...r,
      price_minor: Number(r.price_minor),
      featured: Number(r.featured),
      urlImage: urlByProduct.get(r.id) ?? null,
    });
  return found;
}

/** The columns a bulk write sets; images and image_url only on insert (see replaceUrlImages). */
export type BulkProduct = Omit<NewProduct, 'id' | 'version' | 'archived_at' | 'created_at' | 'updated_at'> & {
  images: string;
};

const UPDATED_COLUMNS = [
  'name',
  'description',
  'price_minor',
  'currency',
  'category_slug',
  'brand',
  'rating_tenths',
  'stock',
  'featured',
] as const;

/**
 * Inserts the products whose slug is new and updates those whose slug exists, in one statement
 * (MySQL `ON DUPLICATE KEY UPDATE`, SQLite `ON CONFLICT(slug) DO UPDATE`). An update bumps the
 * version (the ETag) and keeps the product's images, creation time and archived state.
 */
export async function upsertProducts(trx: Executor, products: BulkProduct[], now: Date): Promise<void> {
  if (products.length === 0) return;
  const rows = products.map((p) => ({ ...p, created_at: now, updated_at: now }));
  if (isMysqlExecutor(trx)) {
    await trx
      .insertInto('products')
      .values(rows)
      .onDuplicateKeyUpdate(() => ({
        ...Object.fromEntries(UPDATED_COLUMNS.map((c) => [c, sql`VALUES(${sql.ref(c)})`])),
        version: sql`version + 1`,
        updated_at: sql`VALUES(updated_at)`,
      }))
      .execute();
    return;
  }
  await trx
    .insertInto('products')
    .values(rows)
    .onConflict((oc) =>
      oc.column('slug').doUpdateSet(() => ({
        ...Object.fromEntries(UPDATED_COLUMNS.map((c) => [c, sql.ref(`excluded.${c}`)])),
        version: sql`version + 1`,
        updated_at: sql.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/** Inserts products that must all be new: a slug taken meanwhile is a unique violation (the seed's race). */
export async function insertProducts(trx: Executor, products: BulkProduct[], now: Date): Promise<void> {
  if (products.length === 0) return;
  await trx
    .insertInto('products')
    .values(products.map((p) => ({ ...p, created_at: now, updated_at: now })))
    .execute();
}

export async function productIdsBySlug(trx: Executor, slugs: string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await trx.selectFrom('products').select(['id', 'slug']).where('slug', 'in', slugs).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** The first image (given by URL) of products just inserted; `images` on the row already lists it. */
export async function insertUrlImages(
  trx: Executor,
  images: { id: string; product_id: number; url: string }[],
): Promise<void> {
  if (images.length === 0) return;
  await trx
    .insertInto('product_images')
    .values(images.map((i) => ({ ...i, object_key: null, position: 0 })))
    .execute();
}

/**
 * Existing products get a new image given by URL: it replaces their previous one given by URL and
 * goes first (it becomes `image`), before any uploaded images, which stay. The rows' `images` and
 * `image_url` mirror product_images again afterwards.
 */
export async function replaceUrlImages(
  trx: Executor,
  images: { id: string; product_id: number; url: string }[],
): Promise<void> {
  if (images.length === 0) return;
  const ids = images.map((i) => i.product_id);
  await trx.deleteFrom('product_images').where('product_id', 'in', ids).where('object_key', 'is', null).execute();
  const firsts = await trx
    .selectFrom('product_images')
    .select(['product_id', (eb) => eb.fn.min('position').as('first')])
    .where('product_id', 'in', ids)
    .groupBy('product_id')
    .execute();
  const firstOf = new Map(firsts.map((f) => [f.product_id, Number(f.first)]));
  await trx
    .insertInto('product_images')
    .values(images.map((i) => ({ ...i, object_key: null, position: (firstOf.get(i.product_id) ?? 1) - 1 })))
    .execute();
  const all = await trx
    .selectFrom('product_images')
    .select(['id', 'product_id', 'url'])
    .where('product_id', 'in', ids)
    .orderBy('product_id')
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  const byProduct = new Map<number, { id: string; url: string }[]>();
  for (const i of all) {
    const list = byProduct.get(i.product_id) ?? [];
    list.push({ id: i.id, url: i.url });
    byProduct.set(i.product_id, list);
  }
  for (const [productId, list] of byProduct) {
    await trx
      .updateTable('products')
      .set({ images: JSON.stringify(list), image_url: list[0]?.url ?? null })
      .where('id', '=', productId)
      .execute();
  }
}

export async function categorySlugs(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom('categories').select('slug').execute();
  return new Set(rows.map((r) => r.slug));
}

/** Whether the catalog has any product at all, archived ones included (the demo seed runs only on none). */
export async function hasAnyProduct(db: Executor): Promise<boolean> {
  return !!(await db.selectFrom('products').select('id').limit(1).executeTakeFirst());
}
