import {
  findProductByIdOrSlug,
  imagesMirror,
  lockProduct,
  type ProductRow,
  productIdForRef,
  type Trx,
  updateProduct,
} from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import type { AdminDeps } from './admin-deps';
import { productSnapshot } from './product-snapshot';
import { productNotFound } from './written-product';

/** The live product a path names, or 404 (before any upload work is done for it). */
export async function liveProductId(deps: AdminDeps, ref: string): Promise<number> {
  const id = await productIdForRef(deps.db, ref);
  if (id === undefined || !(await findProductByIdOrSlug(deps.db, String(id)))) throw productNotFound();
  return id;
}

/** Holds the product's row for an image change; 404 once it is archived. */
export async function lockLiveProduct(trx: Trx, id: number): Promise<ProductRow> {
  const row = await lockProduct(trx, id);
  if (!row || row.archived_at !== null) throw productNotFound();
  return row;
}

/**
 * After product_images changed: the row's mirror (images, image) follows, the version moves on,
 * and ProductUpdated names what a reader sees change.
 */
export async function imagesChanged(trx: Trx, before: ProductRow): Promise<void> {
  const mirror = await imagesMirror(trx, before.id);
  if (!(await updateProduct(trx, before.id, mirror, { versions: [before.version] }))) {
    throw new AppError('PRECONDITION_FAILED', 'The product was changed concurrently; retry');
  }
  const after = await lockProduct(trx, before.id);
  if (!after) throw productNotFound();
  await enqueueEvent(trx, 'ProductUpdated', {
    productId: before.id,
    changedFields: mirror.image_url === before.image_url ? ['images'] : ['images', 'image'],
    product: productSnapshot(after),
  });
}
