import {
  clearRateLimit,
  type Db,
  type RateLimitBucket,
  releaseRateLimitSlot,
  takeRateLimitSlot,
} from '@greencommerce/db';
import { tooMany } from './too-many';

export type AttemptLimit = { limit: number; windowMs: number; what: string };

/** Counts an attempt against the bucket, or refuses it with 429 once the window's limit is reached. */
export async function countAttempt(db: Db, bucket: RateLimitBucket, { limit, windowMs, what }: AttemptLimit) {
  if (!(await takeRateLimitSlot(db, bucket, limit, windowMs))) throw tooMany(what, windowMs);
}

/**
 * Runs a password check only with a slot of the bucket's failure budget, taken atomically before
 * the check: parallel guesses never run more checks than the limit, the rest get 429 unhashed.
 * A failed check (null) keeps its slot, as a failure; a successful one clears the bucket, since
 * failures end with a success (its own slot included); a check that throws (hash queue full,
 * database down) judged nothing, so it gives its slot back.
 */
export async function limitedCheck<T>(
  db: Db,
  bucket: RateLimitBucket,
  { limit, windowMs, what }: AttemptLimit,
  check: () => Promise<T | null>,
): Promise<T | null> {
  // One clock reading, so that a release lands in the window the slot was taken from.
  const now = Date.now();
  if (!(await takeRateLimitSlot(db, bucket, limit, windowMs, now))) throw tooMany(what, windowMs);
  let result: T | null;
  try {
    result = await check();
  } catch (err) {
    // The check's own error is the one worth reporting; a failed release only costs a slot.
    await releaseRateLimitSlot(db, bucket, windowMs, now).catch(() => {});
    throw err;
  }
  if (result !== null) await clearRateLimit(db, bucket);
  return result;
}
