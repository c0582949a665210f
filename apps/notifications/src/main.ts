import { startConsumers, startEventWorkers, topicConfig } from '@greencommerce/events';
import { runService } from '@greencommerce/http';
import { createApp } from './app';
import { notificationsConsumers } from './consumers';
import { depsFromEnv } from './deps-from-env';
import { loadEnv } from './env';
import { startMailSender } from './sender';

const env = loadEnv();
// Not awaited: the production bundle (scripts/service-build.ts) is CommonJS with bytecode, which refuses
// top-level await. A start that fails still ends the process with its error and exit code 1.
void runService({
  name: 'notifications',
  workers: env.NOTIFICATIONS_WORKERS,
  hostname: env.NOTIFICATIONS_HOST,
  port: env.NOTIFICATIONS_PORT,
  start: async (worker) => {
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
  },
});
