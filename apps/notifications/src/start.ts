// What a notifications process that serves builds: its dependencies, background work and app. main.ts imports
// this only in the process that serves (a worker, or the only process), so a supervisor spawns its
// workers without loading it.

import { startConsumers, startEventWorkers, topicConfig } from '@greencommerce/events';
import type { ServiceParts, Worker } from '@greencommerce/http';
import { createApp } from './app';
import { notificationsConsumers } from './consumers';
import { depsFromEnv } from './deps-from-env';
import type { NotificationsEnv } from './env';
import { startMailSender } from './sender';

export async function startWorker(env: NotificationsEnv, worker: Worker): Promise<ServiceParts> {
  const deps = await depsFromEnv(env);
  const { db, logger, mailer, config } = deps;
  // Background work runs in one worker only (the primary). Another instance of the service is safe
  // too: events are queued once per id (handleOnce) and each message is claimed by one sender.
  const primary = worker.primary;
  const events = startEventWorkers({ db, env, clientId: 'notifications', logger, primary });
  const consumers = startConsumers({
    db,
    brokers: env.KAFKA_BROKERS,
    clientId: 'notifications',
    consumers: notificationsConsumers(config, { maxAttempts: env.CONSUMER_MAX_ATTEMPTS }),
    topicConfig: topicConfig(env),
    logger,
    primary,
  });
  const sender = primary
    ? startMailSender({
        db,
        mailer,
        from: config.from,
        messageIdDomain: config.messageIdDomain,
        logger,
        batchSize: env.NOTIFICATIONS_SEND_CONCURRENCY * 4,
        sendSlots: env.NOTIFICATIONS_SEND_CONCURRENCY,
        pollMs: env.NOTIFICATIONS_POLL_MS,
        retryBaseMs: env.NOTIFICATIONS_RETRY_BASE_MS,
        retryMaxMs: env.NOTIFICATIONS_RETRY_MAX_MS,
        retentionMs: env.NOTIFICATIONS_RETENTION_DAYS * 86_400_000,
      })
    : { stop: async () => {} };
  return {
    app: createApp(deps),
    logger,
    onStop: async () => {
      await consumers.stop();
      await sender.stop();
      await events.stop();
      mailer.close();
      await db.destroy();
    },
  };
}
