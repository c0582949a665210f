import { startEventWorkers } from '@greencommerce/events';
import { runService } from '@greencommerce/http';
import { createApp } from './app';
import { depsFromEnv } from './deps-from-env';
import { loadEnv } from './env';
import { seedIfEmpty } from './services/seed-demo-catalog';

const env = loadEnv();
// Not awaited: the production bundle (scripts/service-build.ts) is CommonJS with bytecode, which refuses
// top-level await. A start that fails still ends the process with its error and exit code 1.
void runService({
  name: 'catalog',
  workers: env.CATALOG_WORKERS,
  hostname: env.CATALOG_HOST,
  port: env.CATALOG_PORT,
  start: async (worker) => {
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
  },
});
