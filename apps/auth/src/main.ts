import { startOutboxRelay } from '@greencommerce/events';
import { serveApp, superviseWorkers } from '@greencommerce/http';
import { createApp } from './app';
import { depsFromEnv } from './deps-from-env';
import { loadEnv } from './env';

const env = loadEnv();
// With AUTH_WORKERS > 1 this process only supervises; the workers run the rest of this file.
const worker = await superviseWorkers({
  name: 'auth',
  workers: env.AUTH_WORKERS,
  hostname: env.AUTH_HOST,
  port: env.AUTH_PORT,
});
const deps = await depsFromEnv(env);

const relay = startOutboxRelay({
  db: deps.db,
  // One relay per service is enough (its lease lets only one publish anyway); each idle one would
  // still hold a Kafka connection and poll the lease.
  brokers: worker.primary ? env.KAFKA_BROKERS : [],
  clientId: 'auth',
  onError: (err, attempt) => deps.logger.error({ attempt, err }, 'outbox relay: publish failed, will retry'),
});

serveApp({
  app: createApp(deps),
  name: 'auth',
  port: worker.port,
  hostname: env.AUTH_HOST,
  reusePort: worker.sharesPort,
  logger: deps.logger,
  onStop: async () => {
    await relay.stop();
    await deps.db.destroy();
  },
});
worker.ready();
