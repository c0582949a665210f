import { compiledInsert } from '../compiled-once';
import type { Db } from '../create-db';
import type { OutboxRow } from '../schema';

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable'>;

/** What last_error keeps of a failure: enough to diagnose, bounded to fit the column. */
const errorText = (err: unknown) => String(err).slice(0, 1000);

export async function insertOutboxRow(
  db: Executor,
  row: { event_id: string; topic: string; event_key: string; payload: string },
): Promise<void> {
  await db.insertInto('outbox').values(row).execute();
}

const outboxInsert = compiledInsert('outbox', ['event_id', 'topic', 'event_key', 'payload']);

/**
 * Many events in one statement (a checkout's, a bulk write's batch), compiled once per row count up
 * to a few; the caller keeps batches within the placeholder limit.
 */
export async function insertOutboxRows(
  db: Pick<Db, 'executeQuery' | 'getExecutor'>,
  rows: { event_id: string; topic: string; event_key: string; payload: string }[],
): Promise<void> {
  await outboxInsert(db, rows);
}

/**
 * Oldest first, so events with the same key leave in the order they were written. A parked row
 * holds back the later rows of its topic and key (they would otherwise overtake it), and only those.
 */
export async function pendingOutboxRows(db: Executor, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox as o')
    .selectAll('o')
    .where('o.sent_at', 'is', null)
    .where('o.parked_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outbox as p')
            .select('p.id')
            .where('p.parked_at', 'is not', null)
            .whereRef('p.topic', '=', 'o.topic')
            .whereRef('p.event_key', '=', 'o.event_key')
            .whereRef('p.id', '<', 'o.id'),
        ),
      ),
    )
    .orderBy('o.id')
    .limit(limit)
    .execute();
}

export async function markOutboxSent(db: Executor, ids: number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('outbox').set({ sent_at: now }).where('id', 'in', ids).execute();
}

/** Counts a refused publish of these rows (the count decides parking) and keeps the broker's reason. */
export async function countOutboxAttempt(db: Executor, ids: number[], error?: unknown): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      ...(error === undefined ? {} : { last_error: errorText(error) }),
    }))
    .where('id', 'in', ids)
    .execute();
}

/** Keeps why a publish of these rows failed without counting it against them (an outage). */
export async function recordOutboxError(db: Executor, ids: number[], error: unknown): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set({ last_error: errorText(error) })
    .where('id', 'in', ids)
    .execute();
}

/** Gives up on a row the broker keeps refusing: the relay skips it from now on. */
export async function parkOutboxRow(db: Executor, id: number, error: unknown, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ parked_at: now, last_error: errorText(error) })
    .where('id', '=', id)
    .execute();
}

/** Parked rows, for readiness and alerts: how many, and the oldest one's reason. */
export async function parkedOutboxSummary(db: Executor) {
  const { count } = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('parked_at', 'is not', null)
    .executeTakeFirstOrThrow();
  const oldest = await db
    .selectFrom('outbox')
    .select(['id', 'topic', 'last_error'])
    .where('parked_at', 'is not', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return { parked: Number(count), oldest };
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

/** How many outbox rows, of any topic, have an id strictly between two: fewer than the ids there means a gap. */
export async function countOutboxRowsBetween(db: Executor, afterId: number, beforeId: number): Promise<number> {
  const { count } = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('id', '>', afterId)
    .where('id', '<', beforeId)
    .executeTakeFirstOrThrow();
  return Number(count);
}
