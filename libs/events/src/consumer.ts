import { countOutboxRowsBetween, type Db, outboxRowsAfter } from '@greencommerce/db';
import type { IHeaders, Kafka } from 'kafkajs';
import { type DeadLetter, handleOrDeadLetter, type RetryPolicy } from './dead-letter';
import type { EventHandler } from './handle-once';
import { producerSlot } from './kafka';
import { dlqTopic, ensureTopics, type TopicConfig } from './topics';

export type Subscription = { stop(): Promise<void> };

type ConsumerOptions = {
  db: Db;
  group: string;
  topics: string[];
  handler: EventHandler;
  retry?: RetryPolicy;
  onDeadLetter?: (d: DeadLetter) => void;
};

/**
 * Consumes from Kafka; offsets are committed only after the handler's transaction. A message that
 * is not one of our events, or whose handler still fails after its retries, goes to `<topic>.dlq`
 * with its original key, bytes and headers plus the reason and where it came from, and the
 * partition moves on.
 */
export async function consumeFromKafka(
  opts: ConsumerOptions & { kafka: Kafka; fromBeginning?: boolean; topicConfig?: TopicConfig },
): Promise<Subscription> {
  await ensureTopics(
    opts.kafka,
    opts.topics.flatMap((t) => [t, dlqTopic(t)]),
    opts.topicConfig,
  );
  const dlq = producerSlot(opts.kafka, opts.topicConfig);
  // A stop waits for the fetch in flight, which an idle broker holds open up to maxWaitTimeInMs
  // (5 s by default): a shorter wait keeps shutdowns short, for one small request a second when idle.
  const consumer = opts.kafka.consumer({ groupId: opts.group, maxWaitTimeInMs: 1000 });
  // A start that fails half-way (connected, then the subscribe fails) leaves no connection behind.
  const undo = async (err: unknown) => {
    await consumer.disconnect().catch(() => {});
    await dlq.close().catch(() => {});
    throw err;
  };
  await consumer.connect().catch(undo);
  await consumer.subscribe({ topics: opts.topics, fromBeginning: opts.fromBeginning ?? true }).catch(undo);
  await consumer
    .run({
      eachMessage: async ({ topic, partition, message }) => {
        const failure = await handleOrDeadLetter(opts, message.value?.toString() ?? null);
        if (!failure) return;
        const headers: IHeaders = {
          ...message.headers,
          'dlq-reason': failure.reason,
          'dlq-error': failure.error.slice(0, 1000),
          'dlq-topic': topic,
          'dlq-partition': String(partition),
          'dlq-offset': message.offset,
          'dlq-consumer-group': opts.group,
        };
        // If this send fails, eachMessage throws and the message comes again: set aside, never lost.
        const p = await dlq.get();
        try {
          await p.send({
            topic: dlqTopic(topic),
            acks: -1,
            messages: [{ key: message.key, value: message.value, headers }],
          });
        } catch (err) {
          await dlq.reset(p);
          throw err;
        }
        opts.onDeadLetter?.({ ...failure, topic, position: `${partition}@${message.offset}` });
      },
    })
    .catch(undo);
  return {
    stop: async () => {
      await consumer.disconnect();
      await dlq.close();
    },
  };
}

/**
 * The embedded mode's bus: with no broker, consumers read the shared database's outbox as an
 * ordered log, so events still flow between processes. A row that is not one of our events, or
 * whose handler keeps failing, is reported through onDeadLetter and passed over.
 */
export function consumeFromDatabase(opts: ConsumerOptions & { pollMs?: number; gapWaitMs?: number }): Subscription {
  const gapWaitMs = opts.gapWaitMs ?? 5000;
  let cursor = 0;
  let running = true;
  /** When the gap right after the cursor was first seen (this process's monotonic clock). */
  let gapSince: number | undefined;
  /**
   * MySQL hands out ids at insert, not at commit: a missing id below the next row may be an event
   * whose transaction has not committed yet, and stepping past it would lose it for good. Wait for
   * it a while; a gap that outlasts gapWaitMs is taken for a rollback.
   */
  const mayBeInFlight = async (nextId: number) => {
    if (cursor === 0 || nextId === cursor + 1) return false;
    if ((await countOutboxRowsBetween(opts.db, cursor, nextId)) === nextId - cursor - 1) return false;
    gapSince ??= performance.now();
    return performance.now() - gapSince < gapWaitMs;
  };
  const loop = (async () => {
    while (running) {
      let idle = true;
      try {
        const rows = await outboxRowsAfter(opts.db, cursor, opts.topics, 100);
        for (const row of rows) {
          if (!running || (await mayBeInFlight(row.id))) break;
          gapSince = undefined;
          const failure = await handleOrDeadLetter(opts, row.payload);
          if (failure) opts.onDeadLetter?.({ ...failure, topic: row.topic, position: `outbox#${row.id}` });
          cursor = row.id;
        }
        idle = rows.length === 0 || gapSince !== undefined;
      } catch {
        // The database is down: the event at the cursor is retried on the next poll; handleOnce makes that safe.
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
