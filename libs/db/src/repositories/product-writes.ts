import { MAX_STOCK } from '@greencommerce/contracts';
import { SqliteAdapter, sql } from 'kysely';
import type { Db } from '../create-db';
import type { NewProduct, ProductImageRow, ProductRow, ProductUpdate } from '../schema';

// The catalog's writes. Every function takes the transaction the service opened, so the change,
// its outbox event and any image rows commit together or not at all.

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom' | 'getExecutor'>;

/** What `If-Match` allows: any current version (`*`), or one of those listed. */
export type VersionCondition = { any: true } | { versions: number[] };

export async function categoryExists(db: Executor, slug: string): Promise<boolean> {
  return !!(await db.selectFrom('categories').select('slug').where('slug', '=', slug).executeTakeFirst());
}

/** Throws a unique violation (see isUniqueViolation) when the slug is taken, archived products included. */
export async function insertProduct(db: Executor, product: NewProduct): Promise<number> {
  const { insertId } = await db.insertInto('products').values(product).executeTakeFirstOrThrow();
  return Number(insertId);
}

/**
 * Reads the product, archived or not, and holds its row until the transaction ends, so a
 * read-modify-write of one product is never interleaved with another. MySQL locks the row
 * (FOR UPDATE). SQLite has no row locks: a no-op write takes the database's write lock first,
 * which must be the transaction's first statement. A transaction that read first and wrote later
 * would fail (SQLITE_BUSY_SNAPSHOT) if another process (auth, users, cart share the embedded file)
 * had written in between; taking the write lock first makes that process wait instead.
 */
export async function lockProduct(trx: Executor, id: number): Promise<ProductRow | undefined> {
  const query = trx.selectFrom('products').selectAll().where('id', '=', id);
  if (!(trx.getExecutor().adapter instanceof SqliteAdapter)) return query.forUpdate().executeTakeFirst();
  await trx
    .updateTable('products')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', id)
    .execute();
  return query.executeTakeFirst();
}

/**
 * Applies `changes` to a live product only while its version still satisfies `condition` (the
 * If-Match a client sent; none: whatever version it has), bumping the version either way.
 * False when the product is gone, archived, or its version moved on.
 */
export async function updateProduct(
  db: Executor,
  id: number,
  changes: ProductUpdate,
  condition: VersionCondition = { any: true },
): Promise<boolean> {
  let query = db
    .updateTable('products')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('archived_at', 'is', null);
  if ('versions' in condition) {
    if (condition.versions.length === 0) return false;
    query = query.where('version', 'in', condition.versions);
  }
  const { numUpdatedRows } = await query.executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** Archives a live product (gone from reads, kept for order history); the same conditions as updateProduct. */
export function archiveProduct(db: Executor, id: number, condition?: VersionCondition): Promise<boolean> {
  return updateProduct(db, id, { archived_at: new Date() }, condition);
}

export type StockResult =
  | { ok: true; oldQuantity: number; newQuantity: number }
  | { ok: false; available: number }
  | { ok: false; notFound: true };

/**
 * Adds `delta` to a live product's stock in one conditional UPDATE: the check and the write are
 * one statement, so however many adjustments race, none takes the stock below zero (or past the
 * column). The new level is read back in the same transaction: on MySQL the UPDATE holds the
 * row's lock until commit, on SQLite the transaction is the only writer, so no other change can
 * fall between the two and `new - delta` is exactly the level this adjustment started from.
 */
export async function adjustStock(trx: Executor, id: number, delta: number): Promise<StockResult> {
  const { numUpdatedRows } = await trx
    .updateTable('products')
    .set((eb) => ({ stock: eb('stock', '+', delta), version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .where(sql<number>`stock + ${delta}`, '>=', 0)
    .where(sql<number>`stock + ${delta}`, '<=', MAX_STOCK)
    .executeTakeFirst();
  const row = await trx.selectFrom('products').select(['stock', 'archived_at']).where('id', '=', id).executeTakeFirst();
  if (!row || row.archived_at !== null) return { ok: false, notFound: true };
  if (numUpdatedRows === 0n) return { ok: false, available: row.stock };
  return { ok: true, oldQuantity: row.stock - delta, newQuantity: row.stock };
}

export async function listProductImages(db: Executor, productId: number): Promise<ProductImageRow[]> {
  return db
    .selectFrom('product_images')
    .selectAll()
    .where('product_id', '=', productId)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

/** Adds an image after the product's others (the first one is the product's `image`). */
export async function appendProductImage(
  trx: Executor,
  image: { id: string; product_id: number; object_key: string | null; url: string },
): Promise<void> {
  const last = await trx
    .selectFrom('product_images')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('product_id', '=', image.product_id)
    .executeTakeFirst();
  const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
  await trx
    .insertInto('product_images')
    .values({ ...image, position })
    .execute();
}

/** Puts an image given by URL first, so it becomes the product's `image`. */
export async function prependProductImage(
  trx: Executor,
  image: { id: string; product_id: number; url: string },
): Promise<void> {
  const first = await trx
    .selectFrom('product_images')
    .select((eb) => eb.fn.min('position').as('position'))
    .where('product_id', '=', image.product_id)
    .executeTakeFirst();
  const position = first?.position === null || first?.position === undefined ? 0 : Number(first.position) - 1;
  await trx
    .insertInto('product_images')
    .values({ ...image, object_key: null, position })
    .execute();
}

/** Removes one image of the product; returns it (its object is the caller's to delete after commit). */
export async function deleteProductImage(
  trx: Executor,
  productId: number,
  imageId: string,
): Promise<ProductImageRow | undefined> {
  const image = await trx
    .selectFrom('product_images')
    .selectAll()
    .where('product_id', '=', productId)
    .where('id', '=', imageId)
    .executeTakeFirst();
  if (!image) return undefined;
  await trx.deleteFrom('product_images').where('id', '=', imageId).execute();
  return image;
}

/** Removes the product's images that were given by URL (no stored object): the payloads' one `image`. */
export async function deleteUrlImages(trx: Executor, productId: number): Promise<number> {
  const { numDeletedRows } = await trx
    .deleteFrom('product_images')
    .where('product_id', '=', productId)
    .where('object_key', 'is', null)
    .executeTakeFirst();
  return Number(numDeletedRows);
}

/**
 * What the products row mirrors of product_images (so a listing is one query): the images as
 * JSON [{ id, url }] in display order, and the first one's URL.
 */
export async function imagesMirror(
  trx: Executor,
  productId: number,
): Promise<Pick<ProductUpdate, 'images' | 'image_url'>> {
  const images = await listProductImages(trx, productId);
  return {
    images: JSON.stringify(images.map((i) => ({ id: i.id, url: i.url }))),
    image_url: images[0]?.url ?? null,
  };
}

/**
 * The id a path's product reference names: digits are an id, anything else a slug (archived
 * products keep theirs, and are found, so the caller can answer 404 for them the same way).
 */
export async function productIdForRef(db: Executor, ref: string): Promise<number | undefined> {
  if (/^[0-9]+$/.test(ref)) {
    const id = Number(ref);
    return Number.isSafeInteger(id) ? id : undefined;
  }
  const row = await db.selectFrom('products').select('id').where('slug', '=', ref).executeTakeFirst();
  return row?.id;
}
