import { startOutboxRelay } from '@greencommerce/events';
import { serveApp } from '@greencommerce/http';
import { createApp } from './app';
import { depsFromEnv } from './deps-from-env';
import { loadEnv } from './env';

const env = loadEnv();
const deps = await depsFromEnv(env);

const relay = startOutboxRelay({
  db: deps.db,
  brokers: env.KAFKA_BROKERS,
  clientId: 'users',
  onError: (err, attempt) => deps.logger.error({ attempt, err }, 'outbox relay: publish failed, will retry'),
});

serveApp({
  app: createApp(deps),
  name: 'users',
  port: env.USERS_PORT,
  hostname: env.USERS_HOST,
  logger: deps.logger,
  onStop: async () => {
    await relay.stop();
    await deps.db.destroy();
  },
});
