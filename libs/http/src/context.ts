import type { Context } from 'hono';
import { getConnInfo } from 'hono/bun';

export type Principal = { userId: number; email: string };

/** Per-request values every app's handlers can read from `c.var`. */
export type BaseEnv = {
  Variables: {
    requestId: string;
    principal: Principal;
  };
};

/**
 * The client's address. Behind `trustedProxyHops` proxies we run, each appends the address it was
 * connected from to X-Forwarded-For, so the entry that many places from the right was written by
 * our outermost proxy; everything left of it is whatever the client sent, and is ignored.
 * With 0 (no proxy trusted) the header is ignored and the socket's address counts.
 */
export function clientIp(c: Context, trustedProxyHops: number): string {
  if (trustedProxyHops > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    // A shorter chain than configured means fewer proxies wrote it: the leftmost is the furthest one knows.
    const entry = chain[Math.max(0, chain.length - trustedProxyHops)];
    if (entry) return entry;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'unknown';
  }
}
