import { appendProductImage, listProductImages } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import { storeThenCommit, type UploadSlots, uploadKey, withUploadedImage } from '@greencommerce/media';
import type { AdminDeps } from './admin-deps';
import { imagesChanged, liveProductId, lockLiveProduct } from './product-images';
import { type WrittenProduct, writtenProduct } from './written-product';

/** Enough for a product page's gallery; each is a stored object someone pays for. */
export const MAX_PRODUCT_IMAGES = 20;

/**
 * Receives the image through the same pipeline as profile images (size limit, type by magic
 * bytes, decompression-bomb check, re-encoding that drops metadata and trailing payloads), stores
 * it, then in one transaction adds it after the product's others (the first is the product's
 * `image`) with ProductUpdated. The store down: 503 and no row. The database failing after the
 * put: the object is deleted again.
 */
export async function addProductImage(
  deps: AdminDeps,
  ref: string,
  request: Request,
  admission: { slots: UploadSlots; uploader: string },
): Promise<WrittenProduct> {
  const productId = await liveProductId(deps, ref);
  const { maxUploadBytes, maxPixels, uploadTmpDir } = deps.config;
  return withUploadedImage(
    request,
    { tmpDir: uploadTmpDir, maxBytes: maxUploadBytes, maxPixels, fileFields: ['image', 'file'], admission },
    (image) => {
      const key = uploadKey(`products/${productId}`, image);
      return storeThenCommit(deps.storage, key, image, () =>
        deps.db.transaction().execute(async (trx) => {
          const row = await lockLiveProduct(trx, productId);
          if ((await listProductImages(trx, productId)).length >= MAX_PRODUCT_IMAGES) {
            throw new AppError('CONFLICT', `A product has at most ${MAX_PRODUCT_IMAGES} images; remove one first`);
          }
          const url = deps.storage.canonicalUrl(key);
          await appendProductImage(trx, { id: crypto.randomUUID(), product_id: productId, object_key: key, url });
          await imagesChanged(trx, row);
          return writtenProduct(trx, productId);
        }),
      );
    },
  );
}
