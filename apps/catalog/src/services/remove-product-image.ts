import { deleteProductImage, productIdForRef } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import type { AdminDeps } from './admin-deps';
import { imagesChanged, lockLiveProduct } from './product-images';
import { productNotFound, type WrittenProduct, writtenProduct } from './written-product';

/**
 * Removes the image's row with ProductUpdated in one transaction; its stored object is deleted
 * only once that is committed (a failed commit leaves the image whole). An object the store fails
 * to delete is logged: an orphan costs storage, never a broken image.
 */
export async function removeProductImage(deps: AdminDeps, ref: string, imageId: string): Promise<WrittenProduct> {
  // Resolved before the transaction, whose first statement must take the lock (see lockProduct).
  const id = await productIdForRef(deps.db, ref);
  if (id === undefined) throw productNotFound();
  const { written, objectKey } = await deps.db.transaction().execute(async (trx) => {
    const row = await lockLiveProduct(trx, id);
    const image = await deleteProductImage(trx, id, imageId);
    if (!image) throw new AppError('NOT_FOUND', 'Image not found');
    await imagesChanged(trx, row);
    return { written: await writtenProduct(trx, id), objectKey: image.object_key };
  });
  if (objectKey) {
    await deps.storage
      .delete(objectKey)
      .catch((err) =>
        deps.logger.error({ msg: 'could not delete a removed product image', key: objectKey, err: String(err) }),
      );
  }
  return written;
}
