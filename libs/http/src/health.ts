import { Hono } from 'hono';
import { AppError } from './app-error';
import type { BaseEnv } from './context';

/** A check rejects when its dependency is down; one that resolves to a string reports it as its detail. */
export type ReadinessChecks = Record<string, () => Promise<unknown>>;

const withTimeout = (p: Promise<unknown>, ms: number) =>
  Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);

/**
 * /healthz: the process is alive, and which one (its pid tells apart the workers sharing a port).
 * /readyz: every dependency answers, or 503 naming the ones that do not. */
export function healthRoutes(checks: ReadinessChecks) {
  return new Hono<BaseEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok', pid: process.pid }))
    .get('/readyz', async (c) => {
      const names = Object.keys(checks);
      const results = await Promise.allSettled(names.map((n) => withTimeout(checks[n]!(), 2000)));
      const down = names.filter((_, i) => results[i]!.status === 'rejected');
      if (down.length > 0) {
        throw new AppError(
          'SERVICE_UNAVAILABLE',
          `${down.join(', ')} unavailable`,
          down.map((d) => ({ path: d, message: 'unavailable' })),
        );
      }
      const detail = (r: PromiseSettledResult<unknown>) =>
        r.status === 'fulfilled' && typeof r.value === 'string' ? r.value : 'ok';
      return c.json({ status: 'ready', checks: Object.fromEntries(names.map((n, i) => [n, detail(results[i]!)])) });
    });
}
