import { envInt } from '@greencommerce/contracts/env-fields';
import type { z } from 'zod';
import type { HousekeepingOptions } from './housekeeping';
import type { TopicConfig } from './topics';

/** The event variables every app reads; spread into the app's own env schema. */
export const eventsEnv = {
  KAFKA_TOPIC_PARTITIONS: envInt(3, 1, 10_000),
  KAFKA_REPLICATION_FACTOR: envInt(1, 1, 100),
  OUTBOX_MAX_ATTEMPTS: envInt(10, 1, 1000),
  OUTBOX_RETENTION_HOURS: envInt(72, 1, 24 * 365),
  PROCESSED_EVENTS_RETENTION_DAYS: envInt(7, 1, 3650),
  RATE_LIMIT_RETENTION_HOURS: envInt(24, 1, 24 * 365),
  // At most a day: the wait is one setTimeout, which fires at once past 2^31-1 ms.
  HOUSEKEEPING_INTERVAL_SECONDS: envInt(300, 1, 86_400),
};

export type EventsEnv = { [K in keyof typeof eventsEnv]: z.output<(typeof eventsEnv)[K]> };

export const topicConfig = (env: EventsEnv): TopicConfig => ({
  partitions: env.KAFKA_TOPIC_PARTITIONS,
  replicationFactor: env.KAFKA_REPLICATION_FACTOR,
});

const HOUR = 3_600_000;

export const housekeepingConfig = (
  env: EventsEnv,
  /** The app's longest rate-limit window, if it keeps rate limits: their buckets are pruned then. */
  longestRateLimitWindowMs?: number,
): Omit<HousekeepingOptions, 'db' | 'embedded' | 'onError' | 'holder'> => ({
  outboxRetentionMs: env.OUTBOX_RETENTION_HOURS * HOUR,
  // Never shorter than the outbox's: an embedded consumer rereads the outbox from the start, and
  // an event outliving its processed-event id would be handled a second time.
  processedEventsRetentionMs: Math.max(
    env.PROCESSED_EVENTS_RETENTION_DAYS * 24 * HOUR,
    env.OUTBOX_RETENTION_HOURS * HOUR,
  ),
  rateLimitRetentionMs:
    longestRateLimitWindowMs === undefined
      ? undefined
      : // A window of margin beyond the longest: a housekeeper whose clock leads must never prune a
        // live bucket (a login's settled count would then outlive the row it was counted in).
        Math.max(env.RATE_LIMIT_RETENTION_HOURS * HOUR, 2 * longestRateLimitWindowMs),
  intervalMs: env.HOUSEKEEPING_INTERVAL_SECONDS * 1000,
});
