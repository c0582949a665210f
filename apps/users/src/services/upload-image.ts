import type { UploadResponse } from '@greencommerce/contracts';
import { findUserById, findUserForUpdate, updateUser } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import {
  storeThenCommit,
  type UploadedImage,
  type UploadSlots,
  uploadKey,
  withUploadedImage,
} from '@greencommerce/media';
import type { UsersDeps } from '../deps';

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
 * Receives the multipart upload and stores a re-encoded copy of the image (libs/media), then in
 * one transaction points the user at it and writes ImageUploaded (type and size of what was stored).
 * S3 down: 503 before any DB write. DB down after the put: the new object is removed again.
 * The replaced image is deleted only once the swap is committed.
 */
export function uploadImage(
  deps: UsersDeps,
  userId: number,
  request: Request,
  slots: UploadSlots,
): Promise<UploadResponse> {
  const { maxUploadBytes, maxPixels, uploadTmpDir } = deps.config;
  return withUploadedImage(
    request,
    {
      tmpDir: uploadTmpDir,
      maxBytes: maxUploadBytes,
      maxPixels,
      // The original form sends `image`; the later web client sends `file`.
      fileFields: ['image', 'file'],
      admission: { slots, uploader: `user:${userId}` },
      checkFields: ({ userId: claimed }) => {
        // The token decides whose image this is; a different userId is an attempt on someone else's profile.
        if (claimed !== undefined && claimed !== String(userId)) {
          throw new AppError('FORBIDDEN', 'userId does not match the signed-in user');
        }
      },
    },
    (image) => storeForUser(deps, userId, image),
  );
}

async function storeForUser(deps: UsersDeps, userId: number, image: UploadedImage): Promise<UploadResponse> {
  if (!(await findUserById(deps.db, userId))) throw new AppError('NOT_FOUND', 'User not found');
  const { contentType, size } = image;
  const key = uploadKey(`users/${userId}`, image);
  const imageUrl = deps.storage.canonicalUrl(key);
  const replaced = await storeThenCommit(deps.storage, key, image, () =>
    swapInProfile(deps, { userId, imageUrl, key, contentType, size }),
  );
  if (replaced) {
    await deps.storage
      .delete(replaced)
      .catch((err) => deps.logger.error({ msg: 'could not delete replaced image', key: replaced, err: String(err) }));
  }
  return { message: 'Image uploaded', imageUrl: await deps.storage.browserUrl(key), key };
}
