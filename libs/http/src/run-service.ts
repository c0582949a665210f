import type { Hono } from 'hono';
import type { Logger } from './logger';
import { serveApp } from './serve';
import { superviseWorkers, type Worker } from './supervise';

/** What a service's start builds in each worker: the app to serve and what to close when it stops. */
export type ServiceParts = {
  // biome-ignore lint/suspicious/noExplicitAny: any app's env
  app: Hono<any>;
  logger: Logger;
  /** Run in order after in-flight requests drained (event workers first, then the pools they use). */
  onStop: () => Promise<void>;
};

/**
 * A service's main: with `workers` > 1 this process only supervises and `start` runs in each
 * worker; then the app is served on the (shared) port, drains on SIGTERM/SIGINT and reports ready.
 */
export async function runService(opts: {
  name: string;
  workers: number;
  hostname: string;
  port: number;
  start: (worker: Worker) => Promise<ServiceParts>;
}) {
  const worker = await superviseWorkers({
    name: opts.name,
    workers: opts.workers,
    hostname: opts.hostname,
    port: opts.port,
  });
  const { app, logger, onStop } = await opts.start(worker);
  serveApp({
    app,
    name: opts.name,
    port: worker.port,
    hostname: opts.hostname,
    reusePort: worker.sharesPort,
    logger,
    onStop,
  });
  worker.ready();
}
