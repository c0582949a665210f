import type { OutboxRow } from '@greencommerce/db';
import type { Kafka, Producer } from 'kafkajs';
import type { Publisher } from './relay';
import { allTopics, ensureTopics, type TopicConfig } from './topics';

/** Bounds each request, so a send abandoned by the relay ends well inside the relay lease (12 s by default). */
const REQUEST_TIMEOUT_MS = 5000;

// Loading kafkajs costs ~50 ms of every start; the embedded mode (no brokers) never uses it.
const kafkajs = () => require('kafkajs') as typeof import('kafkajs');

export function createKafka(brokers: string[], clientId: string): Kafka {
  const { Kafka, logLevel } = kafkajs();
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Fail fast and let the relay's own backoff decide when to try again.
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
  });
}

/** Broker answers that are about the messages or their topic, not the broker's health. */
const REFUSALS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'POLICY_VIOLATION',
]);

/** kafkajs wraps the broker's error in retry and aggregate errors: look through them. */
export function isKafkaRefusal(err: unknown, seen = new Set<unknown>()): boolean {
  if (!err || typeof err !== 'object' || seen.has(err)) return false;
  seen.add(err);
  const e = err as { type?: string; cause?: unknown; originalError?: unknown; errors?: unknown[] };
  if (e.type && REFUSALS.has(e.type)) return true;
  return (
    isKafkaRefusal(e.cause, seen) ||
    isKafkaRefusal(e.originalError, seen) ||
    (Array.isArray(e.errors) && e.errors.some((x) => isKafkaRefusal(x, seen)))
  );
}

/** A connected idempotent producer, rebuilt after a failure; topics are ensured on first connect. */
export function producerSlot(kafka: Kafka, topicConfig: TopicConfig = {}) {
  let producer: Producer | undefined;
  let topicsReady = false;
  return {
    async get(): Promise<Producer> {
      if (!topicsReady) {
        await ensureTopics(kafka, allTopics(), topicConfig);
        topicsReady = true;
      }
      if (!producer) {
        const p = kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          createPartitioner: kafkajs().Partitioners.DefaultPartitioner,
        });
        p.on(p.events.DISCONNECT, () => {
          if (producer === p) producer = undefined;
        });
        await p.connect();
        producer = p;
      }
      return producer;
    },
    /** Drops a producer whose send failed or was abandoned: a fresh one after a broker restart. */
    async reset(p: Producer) {
      if (producer === p) producer = undefined;
      await p.disconnect().catch(() => {});
    },
    async close() {
      await producer?.disconnect();
      producer = undefined;
    },
  };
}

/**
 * Publishes outbox rows with an idempotent producer and acks from all in-sync replicas,
 * one request in flight, so that retries neither duplicate nor reorder within a partition.
 */
export function kafkaPublisher(kafka: Kafka, topicConfig: TopicConfig = {}): Publisher & { close(): Promise<void> } {
  const slot = producerSlot(kafka, topicConfig);
  return {
    async publish(rows: OutboxRow[], signal?: AbortSignal) {
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const r of rows) {
        const messages = byTopic.get(r.topic) ?? [];
        messages.push({ key: r.event_key, value: r.payload, headers: { 'event-id': r.event_id } });
        byTopic.set(r.topic, messages);
      }
      const p = await slot.get();
      // The relay stopped waiting: drop the producer rather than let the send linger.
      const onAbort = () => void slot.reset(p);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        await p.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
      } catch (err) {
        // The rows stay pending and are sent again.
        await slot.reset(p);
        throw err;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    isRejection: isKafkaRefusal,
    close: () => slot.close(),
  };
}
