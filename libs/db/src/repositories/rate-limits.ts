import type { Db } from '../create-db';
import { isUniqueViolation } from '../errors';

/**
 * Counts a hit in a fixed window shared by every instance through the database.
 * Returns the hits in the current window, this one included.
 */
export async function hitRateLimit(db: Db, key: string, windowMs: number, now = Date.now()): Promise<number> {
  const windowStart = now - (now % windowMs);
  for (let attempt = 0; attempt < 3; attempt++) {
    const { numUpdatedRows } = await db
      .updateTable('rate_limits')
      .set((eb) => ({
        hits: eb
          .case()
          .when('window_start', '=', windowStart)
          .then(eb('hits', '+', 1))
          .else(1)
          .end(),
        window_start: windowStart,
      }))
      .where('bucket_key', '=', key)
      .executeTakeFirst();
    if (numUpdatedRows === 0n) {
      try {
        await db.insertInto('rate_limits').values({ bucket_key: key, window_start: windowStart, hits: 1 }).execute();
        return 1;
      } catch (err) {
        // Another instance created the bucket first: count the hit against it.
        if (!isUniqueViolation(err)) throw err;
        continue;
      }
    }
    return Math.max(1, await hitsInWindow(db, key, windowStart));
  }
  throw new Error(`rate limit bucket ${key} kept changing`);
}

/** Hits in the current window without counting one. */
export async function peekRateLimit(db: Db, key: string, windowMs: number, now = Date.now()): Promise<number> {
  return hitsInWindow(db, key, now - (now % windowMs));
}

async function hitsInWindow(db: Db, key: string, windowStart: number): Promise<number> {
  const row = await db
    .selectFrom('rate_limits')
    .select(['hits', 'window_start'])
    .where('bucket_key', '=', key)
    .executeTakeFirst();
  return row && Number(row.window_start) === windowStart ? Number(row.hits) : 0;
}

export async function clearRateLimit(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('bucket_key', '=', key).execute();
}
