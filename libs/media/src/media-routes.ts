import path from 'node:path';
import type { BaseEnv } from '@greencommerce/http';
import { Hono } from 'hono';
import { serveStatic } from 'hono/bun';

// Keys are `users/<id>/<uuid>.<ext>`; the bound keeps a hostile path under the OS's path length
// limit, past which opening the file throws (ENAMETOOLONG) instead of finding nothing.
const IMAGE_KEY = /^\/media\/[\w/-]{1,200}\.(jpg|png|webp)$/;

/**
 * Serves the embedded mode's stored images from `dir` at /media/<key>. Bun streams each file from
 * disk. Anything that is not a plain key (percent-encoding, `..`, backslashes, other extensions)
 * falls through to the app's 404 in the one error shape. Keys are never reused, so browsers may
 * cache an image for good.
 */
export function mediaRoutes(dir: string) {
  const root = path.resolve(dir);
  const files = serveStatic({
    root,
    rewriteRequestPath: (p) => p.slice('/media'.length),
    onFound: (_path, c) => {
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  return new Hono<BaseEnv>().on(['GET', 'HEAD'], '/media/*', async (c, next) =>
    IMAGE_KEY.test(c.req.path) ? files(c, next) : next(),
  );
}
