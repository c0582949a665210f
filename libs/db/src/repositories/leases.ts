import { sql } from 'kysely';
import type { Db } from '../create-db';
import { dbNowMs } from '../dialect';
import { isUniqueViolation } from '../errors';

/**
 * Takes or renews a named lease, so that one of several instances does a singleton job
 * (such as relaying the outbox in order). True while this holder owns it. Expiry is judged by the
 * database's clock, never the caller's.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const now = dbNowMs(db);
  const expiresAt = sql<number>`${now} + ${ttlMs}`;
  const { numUpdatedRows } = await db
    .updateTable('leases')
    .set({ holder, expires_at: expiresAt })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<', now)]))
    .executeTakeFirst();
  if (numUpdatedRows > 0n) return true;
  try {
    await db.insertInto('leases').values({ name, holder, expires_at: expiresAt }).execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/**
 * Extends a lease only if this holder still has it and it has not run out: the check a holder
 * makes before acting on work it did under the lease. In a transaction it also locks the lease row
 * (MySQL), so no other instance can take over until that transaction ends.
 */
export async function renewLease(db: Db, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const now = dbNowMs(db);
  const { numUpdatedRows } = await db
    .updateTable('leases')
    .set({ expires_at: sql<number>`${now} + ${ttlMs}` })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}
