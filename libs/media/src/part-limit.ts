import { AppError } from '@greencommerce/http';

/**
 * Steps a walk over an image's segments or chunks may take. Real images have tens, a long
 * animation thousands; a 5 MiB file of a million empty ones held the event loop ~0.6 s per walk
 * (the strips walk a file up to three times, synchronously).
 */
export const MAX_IMAGE_PARTS = 50_000;

/** A counter for one walk: past MAX_IMAGE_PARTS steps the upload is refused (400), not walked on. */
export function partCounter() {
  let steps = 0;
  return () => {
    if (++steps > MAX_IMAGE_PARTS) {
      throw new AppError('BAD_REQUEST', `The image is made of more than ${MAX_IMAGE_PARTS} segments or chunks`);
    }
  };
}
