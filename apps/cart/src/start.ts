// What a cart process that serves builds: its dependencies, background work and app. main.ts imports
// this only in the process that serves (a worker, or the only process), so a supervisor spawns its
// workers without loading it.

import { maintenanceFirstRunAfterMs, startConsumers, startEventWorkers, topicConfig } from '@greencommerce/events';
import type { ServiceParts, Worker } from '@greencommerce/http';
import { createApp } from './app';
import { cartConsumers } from './consumers';
import { depsFromEnv } from './deps-from-env';
import type { CartEnv } from './env';
import { startCartSweeper } from './sweeper';

export async function startWorker(env: CartEnv, worker: Worker): Promise<ServiceParts> {
  const deps = await depsFromEnv(env);
  const { db, logger } = deps;
  // Background work runs in one worker only (the primary): leases would let only one act anyway.
  const primary = worker.primary;
  const events = startEventWorkers({ db, env, clientId: 'cart', logger, primary });
  const consumers = startConsumers({
    db,
    brokers: env.KAFKA_BROKERS,
    clientId: 'cart',
    consumers: cartConsumers(),
    topicConfig: topicConfig(env),
    logger,
    primary,
  });
  const sweeper = primary
    ? startCartSweeper({
        db,
        guestCartTtlDays: env.GUEST_CART_TTL_DAYS,
        emptyCartTtlHours: env.EMPTY_CART_TTL_HOURS,
        intervalMs: env.CART_SWEEP_INTERVAL_SECONDS * 1000,
        firstRunAfterMs: maintenanceFirstRunAfterMs(env.CART_SWEEP_INTERVAL_SECONDS * 1000),
        onError: (err) => logger.error({ err }, 'cart sweeper failed, will run again'),
      })
    : { stop: async () => {} };
  return {
    app: createApp(deps),
    logger,
    onStop: async () => {
      await sweeper.stop();
      await consumers.stop();
      await events.stop();
      await db.destroy();
    },
  };
}
