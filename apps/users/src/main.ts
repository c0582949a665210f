import { startOutboxRelay } from '@greencommerce/events';
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

const relay = startOutboxRelay({
  db: deps.db,
  // One relay per service is enough (its lease lets only one publish anyway); each idle one would
  // still hold a Kafka connection and poll the lease.
  brokers: worker.primary ? env.KAFKA_BROKERS : [],
  clientId: 'users',
  onError: (err, attempt) => deps.logger.error({ attempt, err }, 'outbox relay: publish failed, will retry'),
});

serveApp({
  app: createApp(deps),
  name: 'users',
  port: worker.port,
  hostname: env.USERS_HOST,
  reusePort: worker.sharesPort,
  logger: deps.logger,
  onStop: async () => {
    await relay.stop();
    await deps.db.destroy();
  },
});
worker.ready();
