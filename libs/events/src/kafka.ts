import type { OutboxRow } from '@greencommerce/db';
import type { Kafka, Producer } from 'kafkajs';
import type { Publisher } from './relay';

// Loading kafkajs costs ~50 ms of every start; the embedded mode (no brokers) never uses it.
const kafkajs = () => require('kafkajs') as typeof import('kafkajs');

export function createKafka(brokers: string[], clientId: string): Kafka {
  const { Kafka, logLevel } = kafkajs();
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    // Fail fast and let the relay's own backoff decide when to try again.
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
  });
}

/**
 * Publishes outbox rows with an idempotent producer and acks from all in-sync replicas,
 * one request in flight, so that retries neither duplicate nor reorder within a partition.
 */
export function kafkaPublisher(kafka: Kafka): Publisher & { close(): Promise<void> } {
  let producer: Producer | undefined;
  const connected = async () => {
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
  };
  return {
    async publish(rows: OutboxRow[]) {
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const r of rows) {
        const messages = byTopic.get(r.topic) ?? [];
        messages.push({ key: r.event_key, value: r.payload, headers: { 'event-id': r.event_id } });
        byTopic.set(r.topic, messages);
      }
      const p = await connected();
      try {
        await p.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
      } catch (err) {
        // A fresh producer after a broker restart; the rows stay pending and are sent again.
        producer = undefined;
        await p.disconnect().catch(() => {});
        throw err;
      }
    },
    async close() {
      await producer?.disconnect();
      producer = undefined;
    },
  };
}
