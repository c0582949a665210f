import type { Hono } from 'hono';
import { flushLogger, type Logger } from './logger';

/** How long a stopping server waits for in-flight requests before closing its pools anyway. */
const DRAIN_TIMEOUT_MS = 25_000;

/**
 * Listens, and on SIGTERM/SIGINT stops taking connections, waits for in-flight requests to
 * finish, then runs `onStop` (relay, pools) before exiting. Bun's server.stop() resolves before
 * in-flight requests finish, so they are counted here.
 */
export function serveApp(opts: {
  // biome-ignore lint/suspicious/noExplicitAny: any app's env
  app: Hono<any>;
  port: number;
  hostname: string;
  logger: Logger;
  name: string;
  /** False for a lone process: then a stale server on the port makes listening fail instead of sharing it. */
  reusePort?: boolean;
  onStop?: () => Promise<void>;
}) {
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = Bun.serve({
    fetch: async (req, srv) => {
      inFlight++;
      try {
        return await opts.app.fetch(req, srv);
      } finally {
        if (--inFlight === 0) drained?.();
      }
    },
    port: opts.port,
    hostname: opts.hostname,
    // Bun's own cap answers an empty 413 before the app runs (no JSON, request id or CORS headers);
    // the app enforces every limit while the body streams in, so Bun's is out of the way.
    maxRequestBodySize: Number.MAX_SAFE_INTEGER,
    reusePort: opts.reusePort ?? true,
  });
  opts.logger.info({ msg: `${opts.name} listening`, url: server.url.href, docs: `${server.url.href}docs` });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    opts.logger.info({ msg: `${opts.name} stopping`, signal, inFlight });
    const idle = new Promise<void>((resolve) => {
      drained = resolve;
      if (inFlight === 0) resolve();
    });
    await server.stop();
    await Promise.race([idle, Bun.sleep(DRAIN_TIMEOUT_MS)]);
    await opts.onStop?.();
    await flushLogger(opts.logger);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return server;
}
