import { type Db, parkedOutboxSummary } from '@greencommerce/db';

/**
 * A readiness detail for /readyz: "ok", or how many outbox rows are parked and why the oldest was.
 * Parked rows need an operator, not a restart, so this reports them without failing readiness;
 * it rejects (and /readyz answers 503) only when the database cannot be asked.
 */
export const outboxHealth = (db: Db) => async (): Promise<string> => {
  const { parked, oldest } = await parkedOutboxSummary(db);
  if (parked === 0 || !oldest) return 'ok';
  return `${parked} parked; oldest #${oldest.id} (${oldest.topic}): ${oldest.last_error ?? 'unknown error'}`;
};
