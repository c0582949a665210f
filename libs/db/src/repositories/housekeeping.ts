import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Db } from '../create-db';
import { isMysql } from '../dialect';
import type { Database } from '../schema';

type Filter<T extends keyof Database> = (eb: ExpressionBuilder<Database, T>) => Expression<SqlBool>;

/**
 * Deletes at most `limit` rows matching `where`, so a large backlog goes in short transactions that
 * never hold locks for long. MySQL has DELETE … LIMIT; SQLite (built without it) deletes by rowid.
 */
async function deleteBatch<
  T extends 'outbox' | 'processed_events' | 'rate_limits' | 'account_tokens' | 'notification_mail',
>(db: Db, table: T, where: Filter<T>, limit: number): Promise<number> {
  // Untyped inside: the filter was type-checked against its table by the caller.
  const any = db as unknown as Kysely<any>;
  const filter = where as unknown as (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;
  const name: string = table;
  const query = isMysql(db)
    ? any.deleteFrom(name).where(filter).limit(limit)
    : any
        .deleteFrom(name)
        .where(
          sql.ref('rowid'),
          'in',
          any.selectFrom(name).select(sql.ref('rowid').as('rowid')).where(filter).limit(limit),
        );
  const { numDeletedRows } = await query.executeTakeFirst();
  return Number(numDeletedRows);
}

/**
 * Outbox rows sent before `before`. With `unsent` too (embedded mode, where nothing is relayed and
 * the outbox is the event log), rows written before it; parked rows stay for an operator either way.
 */
export function pruneOutbox(db: Db, opts: { before: Date; unsent?: boolean; limit: number }): Promise<number> {
  return deleteBatch(
    db,
    'outbox',
    (eb) =>
      opts.unsent
        ? eb.and([eb('created_at', '<', opts.before), eb('parked_at', 'is', null)])
        : eb('sent_at', '<', opts.before),
    opts.limit,
  );
}

/** Processed-event records older than `before`: redeliveries that late are no longer expected. */
export function pruneProcessedEvents(db: Db, opts: { before: Date; limit: number }): Promise<number> {
  return deleteBatch(db, 'processed_events', (eb) => eb('processed_at', '<', opts.before), opts.limit);
}

/** Link tokens (used or not) that expired before `before`: no link can name them any more. */
export function pruneAccountTokens(db: Db, opts: { before: Date; limit: number }): Promise<number> {
  return deleteBatch(db, 'account_tokens', (eb) => eb('expires_at', '<', opts.before), opts.limit);
}

/** Rate-limit buckets whose window started before `beforeMs` (epoch ms): long expired. */
export function pruneRateLimits(db: Db, opts: { beforeMs: number; limit: number }): Promise<number> {
  return deleteBatch(db, 'rate_limits', (eb) => eb('window_start', '<', opts.beforeMs), opts.limit);
}

/** Mail sent or given up on before `before` (pending mail always stays): the notifications app's history. */
export function pruneNotificationMail(db: Db, opts: { before: Date; limit: number }): Promise<number> {
  return deleteBatch(
    db,
    'notification_mail',
    (eb) => eb.and([eb('status', 'in', ['sent', 'failed']), eb('created_at', '<', opts.before)]),
    opts.limit,
  );
}
