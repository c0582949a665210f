import type { Db } from '../create-db';
import type { OutboxRow } from '../schema';

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable'>;

export async function insertOutboxRow(
  db: Executor,
  row: { event_id: string; topic: string; event_key: string; payload: string },
): Promise<void> {
  await db.insertInto('outbox').values(row).execute();
}

/** Oldest first, so events with the same key leave in the order they were written. */
export async function pendingOutboxRows(db: Executor, limit: number): Promise<OutboxRow[]> {
  return db.selectFrom('outbox').selectAll().where('sent_at', 'is', null).orderBy('id').limit(limit).execute();
}

export async function markOutboxSent(db: Executor, ids: number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('outbox').set({ sent_at: now }).where('id', 'in', ids).execute();
}

export async function countOutboxAttempt(db: Executor, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids)
    .execute();
}

/** Events after a cursor, sent or not: the embedded mode's event log. */
export async function outboxRowsAfter(db: Executor, afterId: number, topics: string[], limit: number) {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('id', '>', afterId)
    .where('topic', 'in', topics)
    .orderBy('id')
    .limit(limit)
    .execute();
}
