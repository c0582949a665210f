import { type Db, recordProcessedEvent, type Trx } from '@greencommerce/db';
import type { DomainEvent } from './schemas';

export type EventHandler = (trx: Trx, event: DomainEvent) => Promise<void>;

/**
 * Runs a handler at most once per event id for a consumer group: the processed-event record and the
 * handler's writes commit together, so a redelivered event has no second effect.
 */
export async function handleOnce(db: Db, group: string, event: DomainEvent, handler: EventHandler): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await recordProcessedEvent(trx, group, event.id))) return false;
    await handler(trx, event);
    return true;
  });
}
