import { type Db, insertOutboxRow, insertOutboxRows, type Runner } from '@greencommerce/db';
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

/** Several events in one insert, for a bulk write's batch; the same transaction rule as enqueueEvent. */
export async function enqueueEvents(trx: Runner, events: PendingEvent[]) {
  const envelopes = events.map(({ event, data }) =>
    DomainEvent.parse({ id: crypto.randomUUID(), event, version: 1, occurredAt: new Date().toISOString(), data }),
  );
  await insertOutboxRows(
    trx,
    envelopes.map((envelope) => ({
      event_id: envelope.id,
      topic: topics[envelope.event],
      event_key: eventKey(envelope),
      payload: JSON.stringify(envelope),
    })),
  );
  return envelopes;
}

/** One event to enqueue, its name and data paired so each data is checked against its own event. */
export type PendingEvent = { [E in EventName]: { event: E; data: EventData<E> } }[EventName];
