import type { Db } from '@greencommerce/db';
import { createKafka, kafkaPublisher } from './kafka';
import { OutboxRelay } from './relay';

/**
 * Starts relaying the outbox to Kafka. With no brokers configured (embedded mode) the outbox is
 * the event log itself, read by consumeFromDatabase: nothing is relayed and nothing is lost.
 */
export function startOutboxRelay(opts: {
  db: Db;
  brokers: string[];
  clientId: string;
  onError: (err: unknown, attempt: number) => void;
}): { stop(): Promise<void> } {
  if (opts.brokers.length === 0) return { stop: async () => {} };
  const publisher = kafkaPublisher(createKafka(opts.brokers, opts.clientId));
  const relay = new OutboxRelay({ db: opts.db, publisher, onError: opts.onError });
  relay.start();
  return {
    async stop() {
      await relay.stop();
      await publisher.close();
    },
  };
}
