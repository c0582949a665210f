import type { Hono } from 'hono';
import type { Logger } from './logger';

/**
 * Listens, and on SIGTERM/SIGINT stops taking connections, lets in-flight requests finish,
 * then runs `onStop` (relay, pools) before exiting.
 */
export function serveApp(opts: {
  // biome-ignore lint/suspicious/noExplicitAny: any app's env
  app: Hono<any>;
  port: number;
  hostname: string;
  maxRequestBodySize: number;
  logger: Logger;
  name: string;
  onStop?: () => Promise<void>;
}) {
  const server = Bun.serve({
    fetch: opts.app.fetch,
    port: opts.port,
    hostname: opts.hostname,
    maxRequestBodySize: opts.maxRequestBodySize,
    reusePort: true,
  });
  opts.logger.info({ msg: `${opts.name} listening`, url: server.url.href, docs: `${server.url.href}docs` });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    opts.logger.info({ msg: `${opts.name} stopping`, signal });
    await server.stop();
    await opts.onStop?.();
    await opts.logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return server;
}
