// What a users process that serves builds: its dependencies, background work and app. main.ts imports
// this only in the process that serves (a worker, or the only process), so a supervisor spawns its
// workers without loading it.

import { startEventWorkers } from '@greencommerce/events';
import type { ServiceParts, Worker } from '@greencommerce/http';
import { createApp } from './app';
import { depsFromEnv } from './deps-from-env';
import type { UsersEnv } from './env';

export async function startWorker(env: UsersEnv, worker: Worker): Promise<ServiceParts> {
  const deps = await depsFromEnv(env);
  // One set of background workers per service is enough (their leases let only one act anyway);
  // each idle one would still hold a Kafka connection and poll the leases.
  const events = startEventWorkers({
    db: deps.db,
    env,
    clientId: 'users',
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
