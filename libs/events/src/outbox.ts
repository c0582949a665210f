import { type Db, insertOutboxRow } from '@greencommerce/db';
import { DomainEvent, type EventData, type EventName, eventKey, topics } from './schemas';

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable'>;

/**
 * Writes an event to the outbox. Call it with the transaction that makes the state change,
 * so the event exists exactly when the change does.
 */
export async function enqueueEvent<E extends EventName>(trx: Executor, event: E, data: EventData<E>) {
  const envelope = DomainEvent.parse({
    id: crypto.randomUUID(),
    event,
    version: 1,
    occurredAt: new Date().toISOString(),
    data,
  });
  await insertOutboxRow(trx, {
    event_id: envelope.id,
    topic: topics[envelope.event],
    event_key: eventKey(envelope),
    payload: JSON.stringify(envelope),
  });
  return envelope;
}
