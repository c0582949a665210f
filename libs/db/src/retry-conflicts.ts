import type { Db, Trx } from './create-db';
import { isMysql } from './dialect';
import { DatabaseUnavailableError, isLockWaitTimeout, isTransactionConflict } from './errors';

const ATTEMPTS = 5;

/**
 * Runs a transaction, or a single statement outside any, again when the server rolled it back over
 * a lock race (a deadlock, MariaDB's snapshot "record has changed"): what it wrote is gone with it, so
 * running it again counts it once. Never around one statement of a larger transaction, which the
 * server rolled back whole. One that keeps losing, or a lock wait that timed out (it already
 * waited the server's whole timeout), is a database too busy to answer: a 503 the client may retry,
 * never a 500.
 */
export async function retryConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (isLockWaitTimeout(err)) throw new DatabaseUnavailableError(err);
      if (!isTransactionConflict(err)) throw err;
      if (attempt >= ATTEMPTS) throw new DatabaseUnavailableError(err);
      await Bun.sleep(Math.random() * 10 * attempt);
    }
  }
}

/**
 * `work` in one transaction, run again whole when it loses a lock race (retryConflicts), at READ
 * COMMITTED on MySQL when asked (a pool opened with `readCommitted` has every transaction there).
 */
export function retriedTransaction<T>(
  db: Db,
  work: (trx: Trx) => Promise<T>,
  { readCommitted = false }: { readCommitted?: boolean } = {},
): Promise<T> {
  return retryConflicts(() => {
    const tx = db.transaction();
    return (readCommitted && isMysql(db) ? tx.setIsolationLevel('read committed') : tx).execute(work);
  });
}
