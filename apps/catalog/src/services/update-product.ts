import type { ProductChanges } from '@greencommerce/contracts';
import {
  categoryExists,
  deleteUrlImages,
  imagesMirror,
  isUniqueViolation,
  listProductImages,
  lockProduct,
  type ProductRow,
  type ProductUpdate,
  prependProductImage,
  productIdForRef,
  type Trx,
  updateProduct,
} from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import type { AdminDeps } from './admin-deps';
import { unknownCategory } from './create-product';
import { productSnapshot } from './product-snapshot';
import { checkIfMatch, productNotFound, type WrittenProduct, writtenProduct } from './written-product';

type Scalar = Exclude<keyof ProductChanges, 'imageUrl'>;

/** Each changeable field: its column, and the name events and clients know it by. */
const columns = {
  slug: 'slug',
  name: 'name',
  description: 'description',
  priceMinor: 'price_minor',
  currency: 'currency',
  category: 'category_slug',
  brand: 'brand',
  ratingTenths: 'rating_tenths',
  stock: 'stock',
  featured: 'featured',
} as const satisfies Record<Scalar, keyof ProductRow>;

const wireNames: Record<Scalar, string> = {
  slug: 'slug',
  name: 'name',
  description: 'description',
  priceMinor: 'price',
  currency: 'currency',
  category: 'category',
  brand: 'brand',
  ratingTenths: 'rating',
  stock: 'stock',
  featured: 'featured',
};

/** SQLite and MySQL both return booleans as 0/1; the price is a BIGINT that may come back as text. */
const same = (field: Scalar, stored: unknown, value: unknown) =>
  field === 'featured'
    ? Boolean(stored) === value
    : field === 'priceMinor'
      ? Number(stored) === value
      : stored === value;

/**
 * The payloads' one `image` is the image given by URL: setting it replaces that image (and puts
 * it first, so it is the product's `image`); null removes it. Uploaded images stay as they are.
 */
async function applyImageUrl(trx: Trx, row: ProductRow, url: string | null): Promise<ProductUpdate | null> {
  const urlImages = (await listProductImages(trx, row.id)).filter((i) => i.object_key === null);
  if (url !== null && urlImages.length === 1 && urlImages[0]?.url === url && row.image_url === url) return null;
  if (url === null && urlImages.length === 0) return null;
  await deleteUrlImages(trx, row.id);
  if (url !== null) await prependProductImage(trx, { id: crypto.randomUUID(), product_id: row.id, url });
  return imagesMirror(trx, row.id);
}

/**
 * Applies the fields that differ, in one transaction holding the product's row: with If-Match
 * only if the ETag is still current (else 412), and the version moves on either way. Writes
 * ProductUpdated naming the changed fields, and StockChanged when the stock was set. A request
 * that changes nothing writes nothing.
 */
export async function updateProductFields(
  deps: AdminDeps,
  ref: string,
  changes: ProductChanges,
  ifMatch?: string,
): Promise<WrittenProduct> {
  // An absolute stock based on an old read would silently undo the checkouts and adjustments made
  // since (read 10, a checkout takes 3, set 15: 3 units oversold). Deltas go to stock-adjustments.
  if (changes.stock !== undefined && ifMatch === undefined) {
    throw new AppError(
      'PRECONDITION_REQUIRED',
      'Setting stock needs If-Match with the ETag it was read with; or use POST /products/{id}/stock-adjustments',
      [{ path: 'stock', message: 'requires If-Match' }],
    );
  }
  // Resolved before the transaction, whose first statement must take the lock (see lockProduct).
  const id = await productIdForRef(deps.db, ref);
  if (id === undefined) throw productNotFound();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const row = await lockProduct(trx, id);
      if (!row || row.archived_at !== null) throw productNotFound();
      checkIfMatch(row, ifMatch);

      const set: ProductUpdate = {};
      const changed: string[] = [];
      for (const [field, column] of Object.entries(columns) as [Scalar, (typeof columns)[Scalar]][]) {
        const value = changes[field];
        if (value === undefined || same(field, row[column], value)) continue;
        Object.assign(set, { [column]: value });
        changed.push(wireNames[field]);
      }
      if (set.category_slug !== undefined && !(await categoryExists(trx, set.category_slug))) {
        throw unknownCategory(set.category_slug);
      }
      if (changes.imageUrl !== undefined) {
        const mirror = await applyImageUrl(trx, row, changes.imageUrl);
        if (mirror) {
          Object.assign(set, mirror);
          changed.push('image');
        }
      }
      if (changed.length === 0) return writtenProduct(trx, row.id);

      // The row is held, so its version cannot have moved; the condition is what makes that true on any database.
      if (!(await updateProduct(trx, row.id, set, { versions: [row.version] }))) {
        throw new AppError('PRECONDITION_FAILED', 'The product was changed concurrently; read it again and retry');
      }
      const after = await lockProduct(trx, row.id);
      if (!after) throw productNotFound();
      await enqueueEvent(trx, 'ProductUpdated', {
        productId: row.id,
        changedFields: changed,
        product: productSnapshot(after),
      });
      if (set.stock !== undefined) {
        await enqueueEvent(trx, 'StockChanged', {
          productId: row.id,
          oldQuantity: row.stock,
          newQuantity: after.stock,
          reason: 'set by an admin edit',
        });
      }
      return writtenProduct(trx, row.id);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', `A product with the slug "${changes.slug}" already exists`, [
        { path: 'slug', message: 'is taken' },
      ]);
    }
    throw err;
  }
}
