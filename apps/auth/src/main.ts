import { startEventWorkers } from '@greencommerce/events';
import { runService } from '@greencommerce/http';
import { createApp } from './app';
import { depsFromEnv } from './deps-from-env';
import { loadEnv } from './env';

const env = loadEnv();
// Not awaited: the production bundle (scripts/service-build.ts) is CommonJS with bytecode, which refuses
// top-level await. A start that fails still ends the process with its error and exit code 1.
void runService({
  name: 'auth',
  workers: env.AUTH_WORKERS,
  hostname: env.AUTH_HOST,
  port: env.AUTH_PORT,
  start: async (worker) => {
    const deps = await depsFromEnv(env);
    // One set of background workers per service is enough (their leases let only one act anyway);
    // each idle one would still hold a Kafka connection and poll the leases.
    const events = startEventWorkers({
      db: deps.db,
      env,
      clientId: 'auth',
      logger: deps.logger,
      primary: worker.primary,
      longestRateLimitWindowMs:
        Math.max(env.LOGIN_IP_WINDOW_SECONDS, env.LOGIN_ACCOUNT_WINDOW_SECONDS, env.REGISTER_IP_WINDOW_SECONDS) * 1000,
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
