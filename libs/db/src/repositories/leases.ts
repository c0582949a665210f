import type { Db } from '../create-db';
import { isUniqueViolation } from '../errors';

/**
 * Takes or renews a named lease, so that one of several instances does a singleton job
 * (such as relaying the outbox in order). True while this holder owns it.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now = Date.now()) {
  const { numUpdatedRows } = await db
    .updateTable('leases')
    .set({ holder, expires_at: now + ttlMs })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<', now)]))
    .executeTakeFirst();
  if (numUpdatedRows > 0n) return true;
  try {
    await db
      .insertInto('leases')
      .values({ name, holder, expires_at: now + ttlMs })
      .execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}
