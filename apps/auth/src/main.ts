import { runService } from '@greencommerce/http/run-service';
import { loadEnv } from './env';

const env = loadEnv();
// Not awaited: the production bundle (scripts/service-build.ts) is CommonJS with bytecode, which refuses
// top-level await. A start that fails still ends the process with its error and exit code 1.
void runService({
  name: 'auth',
  workers: env.AUTH_WORKERS,
  hostname: env.AUTH_HOST,
  port: env.AUTH_PORT,
  // Imported by the process that serves only: a supervisor (one worker per core on a configured
  // database) would otherwise load the whole app (~600 modules) before its workers load it again.
  start: async (worker) => (await import('./start')).startWorker(env, worker),
});
