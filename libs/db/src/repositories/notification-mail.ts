import { sql } from 'kysely';
import type { Db } from '../create-db';
import { dbNowMs } from '../dialect';
import { isUniqueViolation } from '../errors';
import type { NotificationMailRow } from '../schema';

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'getExecutor'>;

/** What last_error keeps of a failure: enough to diagnose, bounded to fit the column. */
const errorText = (err: unknown) => String(err).slice(0, 1000);

export type QueuedMail = {
  event_id: string;
  kind: string;
  recipient: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string;
};

/** Queues the message an event owes, due now; false if that event already queued one. */
export async function queueNotificationMail(db: Executor, mail: QueuedMail): Promise<boolean> {
  try {
    await db
      .insertInto('notification_mail')
      .values({ ...mail, next_attempt_at: dbNowMs(db as Db) })
      .execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Ids of messages due now and not claimed by a live sender: the oldest due first. */
export async function dueNotificationMail(db: Db, limit: number): Promise<string[]> {
  const now = dbNowMs(db);
  const rows = await db
    .selectFrom('notification_mail')
    .select('event_id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.event_id);
}

/**
 * Claims a due message for one sender for ttlMs: of senders racing for it, exactly one gets the row
 * back (a conditional update; the others find it claimed). The claim must outlast one SMTP attempt.
 */
export async function claimNotificationMail(
  db: Db,
  eventId: string,
  holder: string,
  ttlMs: number,
): Promise<NotificationMailRow | undefined> {
  const now = dbNowMs(db);
  const { numUpdatedRows } = await db
    .updateTable('notification_mail')
    .set({ claimed_by: holder, claimed_until: sql<number>`${now} + ${ttlMs}` })
    .where('event_id', '=', eventId)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirst();
  if (numUpdatedRows === 0n) return undefined;
  return db
    .selectFrom('notification_mail')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('claimed_by', '=', holder)
    .executeTakeFirst();
}

/** SMTP accepted it: done for good; the bodies (which may hold a link token) are dropped. */
export async function markNotificationMailSent(db: Db, eventId: string, holder: string): Promise<void> {
  await db
    .updateTable('notification_mail')
    .set({
      status: 'sent',
      sent_at: new Date(),
      text_body: null,
      html_body: null,
      claimed_by: null,
      claimed_until: null,
      attempts: (eb) => eb('attempts', '+', 1),
    })
    .where('event_id', '=', eventId)
    .where('claimed_by', '=', holder)
    .execute();
}

/** A transient failure (SMTP down, a 4xx): tried again after delayMs, by whichever sender gets there. */
export async function retryNotificationMailLater(
  db: Db,
  eventId: string,
  holder: string,
  delayMs: number,
  error: unknown,
): Promise<void> {
  await db
    .updateTable('notification_mail')
    .set({
      next_attempt_at: sql<number>`${dbNowMs(db)} + ${Math.round(delayMs)}`,
      attempts: (eb) => eb('attempts', '+', 1),
      last_error: errorText(error),
      claimed_by: null,
      claimed_until: null,
    })
    .where('event_id', '=', eventId)
    .where('claimed_by', '=', holder)
    .execute();
}

/** A permanent rejection (5xx): recorded with the server's answer and never tried again. */
export async function failNotificationMail(db: Db, eventId: string, holder: string, error: unknown): Promise<void> {
  await db
    .updateTable('notification_mail')
    .set({
      status: 'failed',
      attempts: (eb) => eb('attempts', '+', 1),
      last_error: errorText(error),
      text_body: null,
      html_body: null,
      claimed_by: null,
      claimed_until: null,
    })
    .where('event_id', '=', eventId)
    .where('claimed_by', '=', holder)
    .execute();
}

/** For readiness: messages waiting, and messages given up on. */
export async function notificationMailSummary(db: Db): Promise<{ pending: number; failed: number }> {
  const rows = await db
    .selectFrom('notification_mail')
    .select((eb) => ['status', eb.fn.countAll<number | string | bigint>().as('count')])
    .where('status', 'in', ['pending', 'failed'])
    .groupBy('status')
    .execute();
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.count ?? 0);
  return { pending: count('pending'), failed: count('failed') };
}
