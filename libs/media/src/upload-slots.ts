import { concurrencyLimit } from '@greencommerce/http';

export type UploadSlots = ReturnType<typeof uploadSlots>;

/**
 * The bounds on image uploads (withUploadedImage's `slots`). At most `concurrency + queueLimit`
 * uploads are in progress (429 past that, before a byte is read), and each reads its body at once
 * into its temporary file: Bun holds in memory whatever a client sends to a request that is not
 * reading its body, so an upload left waiting for a slot held its whole body (16 uploads of 5 MiB
 * with 8 slots: JPEG +45% peak RSS against +17% when none waited, bench/upload-memory.ts). Only the
 * work whose cost does not depend on the body's size (sniffing, decoding, re-encoding, storing)
 * waits for one of `concurrency` slots.
 */
export function uploadSlots(opts: { concurrency: number; queueLimit: number }) {
  return {
    admit: concurrencyLimit({ concurrency: opts.concurrency + opts.queueLimit, queueLimit: 0, what: 'uploads' }),
    work: concurrencyLimit({ concurrency: opts.concurrency, queueLimit: opts.queueLimit, what: 'uploads' }),
  };
}
