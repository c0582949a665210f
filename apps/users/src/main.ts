import { startEventWorkers } from '@greencommerce/events';
import { serveApp, superviseWorkers } from '@greencommerce/http';
import { createApp } from './app';
import { depsFromEnv } from './deps-from-env';
import { loadEnv } from './env';

const env = loadEnv();
// With USERS_WORKERS > 1 this process only supervises; the workers run the rest of this file.
const worker = await superviseWorkers({
  name: 'users',
  workers: env.USERS_WORKERS,
  hostname: env.USERS_HOST,
  port: env.USERS_PORT,
});
const deps = await depsFromEnv(env);

// One set of background workers per service is enough (their leases let only one act anyway);
// each idle one would still hold a Kafka connection and poll the leases.
const events = startEventWorkers({ db: deps.db, env, clientId: 'users', logger: deps.logger, primary: worker.primary });

serveApp({
  app: createApp(deps),
  name: 'users',
  port: worker.port,
  hostname: env.USERS_HOST,
  reusePort: worker.sharesPort,
  logger: deps.logger,
  onStop: async () => {
    await events.stop();
    await deps.db.destroy();
  },
});
worker.ready();
