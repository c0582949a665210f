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

/** The client's address; X-Forwarded-For only counts behind a proxy we were told to trust. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'unknown';
  }
}
