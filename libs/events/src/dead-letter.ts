import { DatabaseUnavailableError, type Db, isLockWaitTimeout, isTransactionConflict } from '@greencommerce/db';
import { type EventHandler, handleOnce } from './handle-once';
import { DomainEvent } from './schemas';

/** Why a message was set aside: it is not JSON, not one of our events, or its handler kept failing. */
export type DeadLetterReason = 'invalid-json' | 'invalid-event' | 'handler-failed';

/** A message set aside, for logs: where it came from and why. */
export type DeadLetter = { reason: DeadLetterReason; error: string; topic: string; position: string };

export type RetryPolicy = {
  /** Tries of a handler for one event before it is dead-lettered (CONSUMER_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** The first wait between tries; it doubles each time. */
  backoffMs?: number;
};

/** Reads a message as one of our events, or says why it is not one (retrying cannot change that). */
export function decodeEvent(text: string | null): { event: DomainEvent } | { reason: DeadLetterReason; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch (err) {
    return { reason: 'invalid-json', error: String(err) };
  }
  const parsed = DomainEvent.safeParse(json);
  return parsed.success ? { event: parsed.data } : { reason: 'invalid-event', error: parsed.error.message };
}

/**
 * Decodes a message and runs the handler once per event id, retrying with backoff. Returns why the
 * message must be set aside, or nothing when it was handled. A database that is down is an outage,
 * not a bad event: that error is thrown, so the event is retried later instead of set aside. So is
 * a handler still losing lock races (deadlocks, lock wait timeouts) after its tries: the rows it
 * needs were busy, and setting the event aside would lose its effect (a deleted account's data kept).
 */
export async function handleOrDeadLetter(
  opts: { db: Db; group: string; handler: EventHandler; retry?: RetryPolicy },
  text: string | null,
): Promise<{ reason: DeadLetterReason; error: string } | undefined> {
  const decoded = decodeEvent(text);
  if (!('event' in decoded)) return decoded;
  const { maxAttempts = 5, backoffMs = 100 } = opts.retry ?? {};
  for (let attempt = 1; ; attempt++) {
    try {
      await handleOnce(opts.db, opts.group, decoded.event, opts.handler);
      return undefined;
    } catch (err) {
      if (err instanceof DatabaseUnavailableError) throw err;
      if (attempt >= maxAttempts) {
        if (isTransactionConflict(err) || isLockWaitTimeout(err)) throw err;
        return { reason: 'handler-failed', error: String(err) };
      }
      await Bun.sleep(backoffMs * 2 ** (attempt - 1));
    }
  }
}
