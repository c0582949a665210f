import { createKafka, kafkaPublisher, OutboxRelay } from '@greencommerce/events';
import { serveApp } from '@greencommerce/http';
import { createApp } from './app';
import { depsFromEnv } from './deps-from-env';
import { AUTH_BODY_LIMIT } from './routes/auth.routes';
import { loadEnv } from './env';

const env = loadEnv();
const deps = await depsFromEnv(env);

// With no broker configured the outbox is the event log itself (embedded mode): nothing to relay.
const publisher = env.KAFKA_BROKERS.length ? kafkaPublisher(createKafka(env.KAFKA_BROKERS, 'auth')) : undefined;
const relay = publisher && new OutboxRelay({
  db: deps.db,
  publisher,
  onError: (err, attempt) => deps.logger.error({ msg: 'outbox relay: publish failed, will retry', attempt, err: String(err) }),
});
relay?.start();

serveApp({
  app: createApp(deps),
  name: 'auth',
  port: env.AUTH_PORT,
  hostname: env.AUTH_HOST,
  maxRequestBodySize: AUTH_BODY_LIMIT * 4,
  logger: deps.logger,
  onStop: async () => {
    await relay?.stop();
    await publisher?.close();
    await deps.db.destroy();
  },
});
