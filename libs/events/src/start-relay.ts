import type { Db, OutboxRow } from '@greencommerce/db';
import { createKafka, kafkaPublisher } from './kafka';
import { OutboxRelay } from './relay';
import type { TopicConfig } from './topics';

/**
 * Starts relaying the outbox to Kafka; the topics are created on the first connection.
 * With no brokers configured (embedded mode) the outbox is the event log itself, read by
 * consumeFromDatabase: nothing is relayed and nothing is lost.
 */
export function startOutboxRelay(opts: {
  db: Db;
  brokers: string[];
  clientId: string;
  topicConfig?: TopicConfig;
  maxAttempts?: number;
  onError: (err: unknown, attempt: number) => void;
  onPark?: (row: OutboxRow, err: unknown) => void;
}): { stop(): Promise<void> } {
  if (opts.brokers.length === 0) return { stop: async () => {} };
  const publisher = kafkaPublisher(createKafka(opts.brokers, opts.clientId), opts.topicConfig);
  const relay = new OutboxRelay({
    db: opts.db,
    publisher,
    maxAttempts: opts.maxAttempts,
    onError: opts.onError,
    onPark: opts.onPark,
  });
  relay.start();
  return {
    async stop() {
      await relay.stop();
      await publisher.close();
    },
  };
}
