import { AppError, concurrencyLimit } from '@greencommerce/http';

export type UploadSlots = ReturnType<typeof uploadSlots>;

/**
 * Uploads one account may have admitted at once, unless set (UPLOADS_PER_ACCOUNT). Admission is held while the body arrives, so
 * without a cap per account a few slow senders (Bun gives a trickling body ~10 s) could hold every
 * admission and turn everyone else's uploads into 429s; with it, that takes as many accounts.
 */
export const UPLOADS_PER_ACCOUNT = 2;

/**
 * The bounds on image uploads (withUploadedImage's `slots`). At most `concurrency + queueLimit`
 * uploads are in progress, and at most `perUploader` of one account's (429 past either, before a
 * byte is read); each reads its body at once into its temporary file: Bun holds in memory whatever
 * a client sends to a request that is not reading its body, so an upload left waiting for a slot
 * held its whole body (16 uploads of 5 MiB with 8 slots: JPEG +45% peak RSS against +17% when none
 * waited, bench/upload-memory.ts). Only the work whose cost does not depend on the body's size
 * (sniffing, decoding, re-encoding, storing) waits for one of `concurrency` slots.
 */
export function uploadSlots(opts: { concurrency: number; queueLimit: number; perUploader?: number }) {
  const perUploader = opts.perUploader ?? UPLOADS_PER_ACCOUNT;
  const admitted = concurrencyLimit({
    concurrency: opts.concurrency + opts.queueLimit,
    queueLimit: 0,
    what: 'uploads',
  });
  const inFlight = new Map<string, number>();
  return {
    /** Runs `upload` if there is room for it and for `uploader` (who sends it: an account). */
    async admit<T>(uploader: string, upload: () => Promise<T>): Promise<T> {
      const mine = inFlight.get(uploader) ?? 0;
      if (mine >= perUploader) {
        throw new AppError('TOO_MANY_REQUESTS', 'Too many uploads in progress for this account', undefined, {
          'Retry-After': '1',
        });
      }
      inFlight.set(uploader, mine + 1);
      try {
        return await admitted(upload);
      } finally {
        const left = (inFlight.get(uploader) ?? 1) - 1;
        if (left === 0) inFlight.delete(uploader);
        else inFlight.set(uploader, left);
      }
    },
    work: concurrencyLimit({ concurrency: opts.concurrency, queueLimit: opts.queueLimit, what: 'uploads' }),
  };
}
