import { createHash } from 'node:crypto';
import { MysqlAdapter, sql } from 'kysely';
import type { Db } from '../create-db';

/**
 * What a limit counts: `scope` names the limit (a constant such as `login:account`), `subject`
 * is who it counts (an email, an IP, a user id). Subjects come from requests, so the stored key
 * holds their SHA-256, never the subject itself: any input fits the 200-character column.
 */
export type RateLimitBucket = { scope: string; subject: string };

const MAX_SCOPE = 100;

export function rateLimitKey({ scope, subject }: RateLimitBucket): string {
  if (scope.length > MAX_SCOPE) throw new Error(`rate limit scope longer than ${MAX_SCOPE}: ${scope}`);
  return `${scope}:${createHash('sha256').update(subject).digest('hex')}`;
}

/** A bucket, or its stored key as a statement handed it back (a login's account bucket: takeLoginAttempt). */
export type RateLimitBucketRef = RateLimitBucket | string;

const keyOf = (bucket: RateLimitBucketRef) => (typeof bucket === 'string' ? bucket : rateLimitKey(bucket));

export const rateLimitWindowStart = (windowMs: number, now: number) => now - (now % windowMs);

/**
 * Takes one of `limit` slots of the bucket's fixed window, shared by every instance through the
 * database, in one atomic statement: true if taken, false if all are taken (then nothing changes).
 * Parallel callers never take more than `limit` slots between them.
 */
export async function takeRateLimitSlot(
  db: Db,
  bucket: RateLimitBucket,
  limit: number,
  windowMs: number,
  now = Date.now(),
): Promise<boolean> {
  const key = rateLimitKey(bucket);
  const windowStart = rateLimitWindowStart(windowMs, now);
  const insert = db.insertInto('rate_limits').values({ bucket_key: key, window_start: windowStart, hits: 1 });
  if (db.getExecutor().adapter instanceof MysqlAdapter) {
    // No RETURNING with ON DUPLICATE KEY UPDATE on MySQL: LAST_INSERT_ID(expr) hands the count this
    // attempt would make back in the statement's own result (insertId; 0 when the row is new).
    // MySQL assigns left to right, so `hits` still compares the old window_start. Only a later
    // window starts the bucket over: an instance whose clock lags counts in the newer one instead.
    const { insertId } = await insert
      .onDuplicateKeyUpdate({
        hits: sql`LEAST(LAST_INSERT_ID(IF(window_start >= ${windowStart}, hits + 1, 1)), ${limit})`,
        window_start: sql`GREATEST(window_start, ${windowStart})`,
      })
      .executeTakeFirstOrThrow();
    return (insertId === undefined ? 1 : Number(insertId)) <= limit;
  }
  const taken = await insert
    .onConflict((oc) =>
      oc
        .column('bucket_key')
        .doUpdateSet((eb) => ({
          hits: eb
            .case()
            .when('rate_limits.window_start', '>=', windowStart)
            .then(eb('rate_limits.hits', '+', 1))
            .else(1)
            .end(),
          window_start: sql<number>`max(rate_limits.window_start, ${windowStart})`,
        }))
        .where((eb) => eb.or([eb('rate_limits.window_start', '<', windowStart), eb('rate_limits.hits', '<', limit)])),
    )
    .returning('hits')
    .executeTakeFirst();
  return taken !== undefined;
}

/** Gives back a slot taken in this window, for an attempt that ended without being judged. */
export async function releaseRateLimitSlot(db: Db, bucket: RateLimitBucketRef, windowMs: number, now = Date.now()) {
  await db
    .updateTable('rate_limits')
    .set((eb) => ({ hits: eb('hits', '-', 1) }))
    .where('bucket_key', '=', keyOf(bucket))
    .where('window_start', '=', rateLimitWindowStart(windowMs, now))
    .where('hits', '>', 0)
    .execute();
}

export async function clearRateLimit(db: Db, bucket: RateLimitBucketRef): Promise<void> {
  await db.deleteFrom('rate_limits').where('bucket_key', '=', keyOf(bucket)).execute();
}
