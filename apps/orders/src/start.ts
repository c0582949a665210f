// What a orders process that serves builds: its dependencies, background work and app. main.ts imports
// this only in the process that serves (a worker, or the only process), so a supervisor spawns its
// workers without loading it.

import { maintenanceFirstRunAfterMs, startConsumers, startEventWorkers, topicConfig } from '@greencommerce/events';
import type { ServiceParts, Worker } from '@greencommerce/http';
import { createApp } from './app';
import { orderConsumers } from './consumers';
import { depsFromEnv } from './deps-from-env';
import type { OrdersEnv } from './env';
import { TEST_PROVIDER } from './payments/test-provider';
import { testWebhookDelivery } from './payments/test-webhook-delivery';
import { startOrderSweeper } from './sweeper';

export async function startWorker(env: OrdersEnv, worker: Worker): Promise<ServiceParts> {
  const { paymentsConfig, ...deps } = await depsFromEnv(env);
  const { db, logger } = deps;
  let app: ReturnType<typeof createApp> | undefined;
  // The test provider's webhooks go through this process's own HTTP stack (signature, dedup), no socket.
  const delivery = paymentsConfig.providers.includes(TEST_PROVIDER)
    ? testWebhookDelivery({
        db,
        secret: paymentsConfig.testWebhookSecret,
        send: async (request) => {
          if (!app) throw new Error('the app is not built yet');
          return app.fetch(request);
        },
        logger,
        intervalMs: paymentsConfig.testDeliveryIntervalMs,
      })
    : undefined;
  app = createApp({ ...deps, ...(delivery && { deliverTestWebhooks: () => delivery.deliverDue() }) });
  delivery?.start();
  // Background work runs in one worker only (the primary): leases would let only one act anyway.
  const primary = worker.primary;
  const events = startEventWorkers({ db, env, clientId: 'orders', logger, primary });
  const consumers = startConsumers({
    db,
    brokers: env.KAFKA_BROKERS,
    clientId: 'orders',
    consumers: orderConsumers(),
    topicConfig: topicConfig(env),
    logger,
    primary,
  });
  const sweeper = primary
    ? startOrderSweeper({
        db,
        payments: { providers: deps.payments, logger },
        intervalMs: env.ORDER_SWEEP_INTERVAL_SECONDS * 1000,
        firstRunAfterMs: maintenanceFirstRunAfterMs(env.ORDER_SWEEP_INTERVAL_SECONDS * 1000),
        // A run that stopped (the database down), or one order or refund it stepped over: either is tried again next run.
        onError: (err) => logger.error({ err }, 'orders sweeper: an error, tried again next run'),
      })
    : { stop: async () => {} };
  return {
    app,
    logger,
    onStop: async () => {
      await delivery?.stop();
      await sweeper.stop();
      await consumers.stop();
      await events.stop();
      await db.destroy();
    },
  };
}
