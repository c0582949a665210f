import { z } from 'zod';
import type { HousekeepingOptions } from './housekeeping';
import type { TopicConfig } from './topics';

const positiveInt = (def: number) => z.coerce.number().int().min(1).default(def);

/** The event variables every app reads; spread into the app's own env schema. */
export const eventsEnv = {
  KAFKA_TOPIC_PARTITIONS: positiveInt(3),
  KAFKA_REPLICATION_FACTOR: positiveInt(1),
  OUTBOX_MAX_ATTEMPTS: positiveInt(10),
  OUTBOX_RETENTION_HOURS: positiveInt(72),
  PROCESSED_EVENTS_RETENTION_DAYS: positiveInt(7),
  RATE_LIMIT_RETENTION_HOURS: positiveInt(24),
  HOUSEKEEPING_INTERVAL_SECONDS: positiveInt(300),
};

export type EventsEnv = { [K in keyof typeof eventsEnv]: z.output<(typeof eventsEnv)[K]> };

export const topicConfig = (env: EventsEnv): TopicConfig => ({
  partitions: env.KAFKA_TOPIC_PARTITIONS,
  replicationFactor: env.KAFKA_REPLICATION_FACTOR,
});

const HOUR = 3_600_000;

export const housekeepingConfig = (
  env: EventsEnv,
): Omit<HousekeepingOptions, 'db' | 'embedded' | 'onError' | 'holder'> => ({
  outboxRetentionMs: env.OUTBOX_RETENTION_HOURS * HOUR,
  processedEventsRetentionMs: env.PROCESSED_EVENTS_RETENTION_DAYS * 24 * HOUR,
  rateLimitRetentionMs: env.RATE_LIMIT_RETENTION_HOURS * HOUR,
  intervalMs: env.HOUSEKEEPING_INTERVAL_SECONDS * 1000,
});
