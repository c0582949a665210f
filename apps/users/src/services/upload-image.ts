import type { UploadResponse } from '@greencommerce/contracts';
import { findUserById, findUserForUpdate, updateUser } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import type { UsersDeps } from '../deps';
import { sniffImage } from '../image/sniff-image';

const rejections = {
  unsupported: new AppError('UNSUPPORTED_MEDIA_TYPE', 'Only JPEG, PNG and WebP images are accepted'),
  malformed: new AppError('BAD_REQUEST', 'The image is damaged or carries trailing data'),
  'too-many-pixels': new AppError('BAD_REQUEST', 'The image dimensions are too large'),
} as const;

type Uploaded = { userId: number; imageUrl: string; key: string; contentType: string; size: number };

/**
 * Points the user at the new image and records ImageUploaded in one transaction, holding the
 * user's row so that concurrent uploads each learn exactly which object they replaced.
 */
async function swapInProfile(deps: UsersDeps, image: Uploaded): Promise<string | null> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await findUserForUpdate(trx, image.userId);
    if (!current) throw new AppError('NOT_FOUND', 'User not found');
    await updateUser(trx, image.userId, { profile_photo: image.imageUrl, profile_photo_key: image.key });
    await enqueueEvent(trx, 'ImageUploaded', image);
    return current.profile_photo_key;
  });
}

/**
 * Stores the image, then in one transaction points the user at it and writes ImageUploaded.
 * S3 down: 503 before any DB write. DB down after the put: the new object is removed again.
 * The replaced image is deleted only once the swap is committed.
 */
export async function uploadImage(deps: UsersDeps, userId: number, bytes: Uint8Array): Promise<UploadResponse> {
  const sniffed = sniffImage(bytes, deps.config.maxPixels);
  if (!sniffed.ok) throw rejections[sniffed.reason];
  const { ext, contentType } = sniffed.image;
  if (!(await findUserById(deps.db, userId))) throw new AppError('NOT_FOUND', 'User not found');

  const key = `users/${userId}/${crypto.randomUUID()}.${ext}`;
  const imageUrl = deps.storage.canonicalUrl(key);
  await deps.storage.put(key, bytes, contentType);

  let replaced: string | null;
  try {
    replaced = await swapInProfile(deps, { userId, imageUrl, key, contentType, size: bytes.length });
  } catch (err) {
    await deps.storage.delete(key).catch(() => {});
    throw err;
  }
  if (replaced) {
    await deps.storage
      .delete(replaced)
      .catch((err) => deps.logger.error({ msg: 'could not delete replaced image', key: replaced, err: String(err) }));
  }
  return { message: 'Image uploaded', imageUrl: await deps.storage.browserUrl(key), key };
}
