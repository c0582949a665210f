import { type BodylessAnswer, noneMatch } from '@greencommerce/http';

type Entry = { etag: string; cacheControl: string; expires: number };

/**
 * The validators this process answered lately, by URL, so that a revalidation (If-None-Match)
 * within `ttlMs` of the last full answer is a 304 without a query. Every 200 still reads the
 * database. A write in this process calls clear(); one in another worker is seen once the entry
 * expires, well within the max-age every read already tells caches they may serve.
 */
export type RevalidationCache = {
  /**
   * A 304 from memory when it can, else undefined. Called for every request before routing
   * (createBaseApp's answerEarly): a hit costs a map lookup, not the routes' middleware chain.
   */
  answer(req: Request): BodylessAnswer | undefined;
  /**
   * Keeps the validator just answered for `url`. With the request, only if no clear() came since
   * the request arrived: a read that began before a write may carry the state before it.
   */
  remember(url: string, etag: string, cacheControl: string, request?: Request): void;
  /** Forget everything: call after any write to the catalog commits. */
  clear(): void;
};

export function revalidationCache({ ttlMs, maxEntries = 10_000 }: { ttlMs: number; maxEntries?: number }) {
  const entries = new Map<string, Entry>();
  // Bumped by every clear(); each read notes the generation it arrived in.
  let generation = 0;
  const arrivedIn = new WeakMap<Request, number>();
  const cache: RevalidationCache = {
    answer(req) {
      // Only reads revalidate: a write to the same URL (PATCH /products/x, POST /products) with
      // If-None-Match must still be authenticated and done, never answered 304 from memory.
      if (ttlMs <= 0 || (req.method !== 'GET' && req.method !== 'HEAD')) return undefined;
      const inm = req.headers.get('if-none-match');
      if (inm !== null) {
        const hit = entries.get(req.url);
        if (hit !== undefined && hit.expires > performance.now() && noneMatch(inm, hit.etag)) {
          return { status: 304, headers: { ETag: hit.etag, 'Cache-Control': hit.cacheControl } };
        }
      }
      arrivedIn.set(req, generation);
      return undefined;
    },
    remember(url, etag, cacheControl, request) {
      if (ttlMs <= 0) return;
      if (request && arrivedIn.get(request) !== generation) return;
      // Oldest first out: a flood of distinct URLs costs a bounded map, never more.
      if (entries.size >= maxEntries && !entries.has(url)) entries.delete(entries.keys().next().value!);
      entries.delete(url);
      entries.set(url, { etag, cacheControl, expires: performance.now() + ttlMs });
    },
    clear: () => {
      generation++;
      entries.clear();
    },
  };
  return cache;
}
