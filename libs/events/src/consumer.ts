import { type Db, outboxRowsAfter, recordProcessedEvent, type Trx } from '@greencommerce/db';
import type { Kafka } from 'kafkajs';
import { DomainEvent } from './schemas';

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

export type Subscription = { stop(): Promise<void> };

/** Consumes from Kafka; offsets are committed only after the handler's transaction. */
export async function consumeFromKafka(opts: {
  kafka: Kafka;
  db: Db;
  group: string;
  topics: string[];
  handler: EventHandler;
  fromBeginning?: boolean;
}): Promise<Subscription> {
  const consumer = opts.kafka.consumer({ groupId: opts.group });
  await consumer.connect();
  await consumer.subscribe({ topics: opts.topics, fromBeginning: opts.fromBeginning ?? true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parsed = DomainEvent.safeParse(JSON.parse(message.value?.toString() ?? 'null'));
      // A message that is not one of our events cannot become one by retrying: skip it.
      if (parsed.success) await handleOnce(opts.db, opts.group, parsed.data, opts.handler);
    },
  });
  return { stop: () => consumer.disconnect() };
}

/**
 * The embedded mode's bus: with no broker, consumers read the shared database's outbox as an
 * ordered log, so events still flow between processes.
 */
export function consumeFromDatabase(opts: {
  db: Db;
  group: string;
  topics: string[];
  handler: EventHandler;
  pollMs?: number;
}): Subscription {
  let cursor = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      let idle = true;
      try {
        const rows = await outboxRowsAfter(opts.db, cursor, opts.topics, 100);
        for (const row of rows) {
          const parsed = DomainEvent.safeParse(JSON.parse(row.payload));
          if (parsed.success) await handleOnce(opts.db, opts.group, parsed.data, opts.handler);
          cursor = row.id;
        }
        idle = rows.length === 0;
      } catch {
        // The event at the cursor is retried on the next poll; handleOnce makes that safe.
      }
      if (idle) await Bun.sleep(opts.pollMs ?? 250);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
