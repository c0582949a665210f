import { noneMatch } from '@greencommerce/http';
import type { Context } from 'hono';
import type { RevalidationCache } from './revalidation-cache';

/**
 * Cache-Control of the public reads. Shared caches (a CDN) and browsers keep a read briefly and
 * may serve it stale while they revalidate with If-None-Match, which costs us a 304.
 */
export const CACHE_CONTROL = {
  /** Prices and stock change: short. */
  products: 'public, max-age=15, stale-while-revalidate=60',
  /** Six categories and their counts: a count a few minutes old is fine. */
  categories: 'public, max-age=60, stale-while-revalidate=600',
} as const;

/**
 * A JSON body with its strong ETag, or 304 with no body when If-None-Match already holds it. The
 * body is sent as the already-serialized text the ETag was computed from.
 */
export function conditionalJson(
  c: Context,
  body: string,
  etag: string,
  cacheControl: string,
  headers: Record<string, string> = {},
  revalidation?: RevalidationCache,
) {
  revalidation?.remember(c.req.url, etag, cacheControl, c.req.raw);
  const common = { ETag: etag, 'Cache-Control': cacheControl, ...headers };
  if (noneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304, common);
  return c.body(body, 200, { ...common, 'Content-Type': 'application/json' });
}
