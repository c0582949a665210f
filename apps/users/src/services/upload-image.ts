import type { UploadResponse } from '@greencommerce/contracts';
import { findUserById, type Trx } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import type { UsersDeps } from '../deps';
import { sniffImage } from '../image/sniff-image';

const rejections = {
  unsupported: new AppError('UNSUPPORTED_MEDIA_TYPE', 'Only JPEG, PNG and WebP images are accepted'),
  malformed: new AppError('BAD_REQUEST', 'The image is damaged or carries trailing data'),
  'too-many-pixels': new AppError('BAD_REQUEST', 'The image dimensions are too large'),
} as const;

/** Points the user at the new image only if nobody swapped it since we read it; returns the key replaced. */
async function swapPhoto(trx: Trx, userId: number, expected: string | null, key: string, url: string) {
  const { numUpdatedRows } = await trx
    .updateTable('users')
    .set({ profile_photo: url, profile_photo_key: key, updated_at: new Date() })
    .where('id', '=', userId)
    .where((eb) => (expected === null ? eb('profile_photo_key', 'is', null) : eb('profile_photo_key', '=', expected)))
    .executeTakeFirst();
  return numUpdatedRows === 1n;
}

type Uploaded = { userId: number; imageUrl: string; key: string; contentType: string; size: number };

/**
 * Compare-and-swap, each try in its own transaction reading fresh data, so that concurrent uploads
 * by one user each learn exactly which object they replaced and none is left orphaned.
 */
async function swapInProfile(deps: UsersDeps, userId: number, image: Uploaded): Promise<string | null> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = await findUserById(deps.db, userId);
    if (!current) throw new AppError('NOT_FOUND', 'User not found');
    const swapped = await deps.db.transaction().execute(async (trx) => {
      if (!(await swapPhoto(trx, userId, current.profile_photo_key, image.key, image.imageUrl))) return false;
      await enqueueEvent(trx, 'ImageUploaded', image);
      return true;
    });
    if (swapped) return current.profile_photo_key;
  }
  throw new AppError('CONFLICT', 'The profile image kept changing; try again');
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
    replaced = await swapInProfile(deps, userId, { userId, imageUrl, key, contentType, size: bytes.length });
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
