import path from 'node:path';
import type { BaseEnv } from '@greencommerce/http';
import { Hono } from 'hono';
import { serveStatic } from 'hono/bun';

// Plain relative names only (categories/tecnologia.webp); anything else (`..`, percent-encoding,
// other extensions) falls through to the app's 404 in the one error shape.
const ASSET = /^\/assets\/[\w/-]{1,200}\.(webp|jpg|jpeg|png)$/;

/** The images shipped with the catalog (category pictures, the demo products'), at /assets/. */
export function assetRoutes(dir: string) {
  const files = serveStatic({
    root: path.resolve(dir),
    rewriteRequestPath: (p) => p.slice('/assets'.length),
    onFound: (_path, c) => {
      c.header('X-Content-Type-Options', 'nosniff');
      // Shipped files keep their names across releases, so not immutable: a day, then revalidate.
      c.header('Cache-Control', 'public, max-age=86400, stale-while-revalidate=604800');
    },
  });
  return new Hono<BaseEnv>().on(['GET', 'HEAD'], '/assets/*', async (c, next) =>
    ASSET.test(c.req.path) && !c.req.path.includes('//') ? files(c, next) : next(),
  );
}
