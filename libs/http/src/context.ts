import type { Role } from '@greencommerce/contracts';
import type { Context } from 'hono';
import { getConnInfo } from 'hono/bun';

/**
 * Who a verified access token says the caller is. `roles` comes from the token's `roles` claim
 * alone (never from the database or the request): the roles this code knows, in Role's order;
 * empty for a token issued before roles existed, which therefore grants no role.
 */
export type Principal = {
  userId: number;
  email: string;
  roles: readonly Role[];
  /**
   * The `email_verified` claim: the account's address was proven by a link when the token was issued.
   * False for a token without the claim (issued before it existed). Checkout may require it.
   */
  emailVerified: boolean;
};

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
