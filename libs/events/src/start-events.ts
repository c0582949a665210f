import type { Db } from '@greencommerce/db';
import { type EventsEnv, housekeepingConfig, topicConfig } from './env';
import { startHousekeeping } from './housekeeping';
import { maintenanceFirstRunAfterMs } from './periodic';
import { startOutboxRelay } from './start-relay';

/**
 * An app's background event work, from its configuration: the outbox relay (with brokers) and
 * housekeeping (always). Failures are logged and retried; nothing here stops the app serving.
 */
export function startEventWorkers(opts: {
  db: Db;
  env: EventsEnv & { KAFKA_BROKERS: string[] };
  clientId: string;
  logger: { error(fields: Record<string, unknown>, msg: string): void };
  /** False in all but one of a service's worker processes: those start nothing. */
  primary?: boolean;
  /** An app that keeps rate limits names its longest window, so that no live bucket is pruned. */
  longestRateLimitWindowMs?: number;
}): { stop(): Promise<void> } {
  const { db, env, logger } = opts;
  if (opts.primary === false) return { stop: async () => {} };
  const relay = startOutboxRelay({
    db,
    brokers: env.KAFKA_BROKERS,
    clientId: opts.clientId,
    topicConfig: topicConfig(env),
    maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
    onError: (err, attempt) => logger.error({ attempt, err }, 'outbox relay: publish failed, will retry'),
    onPark: (row, err) => logger.error({ id: row.id, err }, 'outbox relay: row parked, the broker keeps refusing it'),
  });
  const config = housekeepingConfig(env, opts.longestRateLimitWindowMs);
  const housekeeping = startHousekeeping({
    db,
    ...config,
    firstRunAfterMs: maintenanceFirstRunAfterMs(config.intervalMs ?? 0),
    embedded: env.KAFKA_BROKERS.length === 0,
    onError: (err) => logger.error({ err }, 'housekeeping failed, will run again'),
  });
  return {
    async stop() {
      await relay.stop();
      await housekeeping.stop();
    },
  };
}
