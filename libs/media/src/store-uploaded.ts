import type { ObjectStorage } from './storage/object-storage';
import type { UploadedImage } from './uploaded-image';

/** A fresh object key for an upload under `prefix` (`users/7`, `products/12`), with the type its bytes proved. */
export const uploadKey = (prefix: string, image: Pick<UploadedImage, 'ext'>) =>
  `${prefix}/${crypto.randomUUID()}.${image.ext}`;

/**
 * Stores the image under `key`, then runs `commit`: the transaction that points a row at it.
 * The store down: its 503 before any database write. The commit failing: the object is removed
 * again, so no stored object is left that no row names, and the commit's error is what the
 * caller sees.
 */
export async function storeThenCommit<T>(
  storage: ObjectStorage,
  key: string,
  image: UploadedImage,
  commit: () => Promise<T>,
): Promise<T> {
  await storage.put(key, image, image.contentType);
  try {
    return await commit();
  } catch (err) {
    await storage.delete(key).catch(() => {});
    throw err;
  }
}
