import type { Kafka } from 'kafkajs';
import { topics } from './schemas';

export type TopicConfig = { partitions?: number; replicationFactor?: number };

/** Where a consumer puts a message it cannot handle, so the partition moves on. */
export const dlqTopic = (topic: string) => `${topic}.dlq`;

/** Every topic the platform writes: the event topics and their dead-letter topics. */
export const allTopics = (): string[] => Object.values(topics).flatMap((t) => [t, dlqTopic(t)]);

/**
 * Creates the topics that do not exist yet, with the configured partitions and replication;
 * existing topics are left exactly as they are. Brokers run with auto-creation off, so a topic
 * never appears with the broker's defaults because some producer or consumer named it first.
 */
export async function ensureTopics(kafka: Kafka, names: string[], config: TopicConfig = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(names)].filter((n) => !existing.has(n));
    if (missing.length === 0) return;
    // Resolves false when another instance created some of them first: that is fine too.
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: config.partitions ?? 3,
        replicationFactor: config.replicationFactor ?? 1,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
