// What a catalog process that serves builds: its dependencies, background work and app. main.ts imports
// this only in the process that serves (a worker, or the only process), so a supervisor spawns its
// workers without loading it.

import { startEventWorkers } from '@greencommerce/events';
import type { ServiceParts, Worker } from '@greencommerce/http';
import { createApp } from './app';
import { depsFromEnv } from './deps-from-env';
import type { CatalogEnv } from './env';
import { seedIfEmpty } from './services/seed-demo-catalog';

export async function startWorker(env: CatalogEnv, worker: Worker): Promise<ServiceParts> {
  const deps = await depsFromEnv(env);
  // Every worker tries: the first finds the catalog empty and seeds it, the others find it seeded.
  if (env.SEED_DEMO_CATALOG) await seedIfEmpty(deps);
  // One set of background workers per service is enough (their leases let only one act anyway).
  const events = startEventWorkers({
    db: deps.db,
    env,
    clientId: 'catalog',
    logger: deps.logger,
    primary: worker.primary,
  });
  return {
    app: createApp(deps),
    logger: deps.logger,
    onStop: async () => {
      await events.stop();
      await deps.db.destroy();
    },
  };
}
