import type { Context, MiddlewareHandler } from 'hono';
import type { BaseEnv } from './context';
import type { RequestFrame } from './request-frame';
import { limitBody } from './validation';

/**
 * What every routed request gets, as one middleware: the request frame (id, CORS, headers, log
 * line), preflights answered, and the body size ceiling. It was five of hono's middlewares, each
 * a level of hono's compose, and CORS and secureHeaders each made hono build and then copy
 * a placeholder response.
 */
export function baseMiddleware(opts: {
  frame: RequestFrame;
  /** The largest body any route accepts. */
  maxBodyBytes: number;
  /** The app's error handler, for the 413 raised here. */
  onError: (err: Error, c: Context<BaseEnv>) => Response | Promise<Response>;
}): MiddlewareHandler<BaseEnv> {
  const { frame, onError } = opts;
  const limit = limitBody(opts.maxBodyBytes);
  return async (c, next) => {
    const req = c.req.raw;
    const open = frame.open(req);
    c.set('requestId', open.requestId);
    if (req.method === 'OPTIONS') {
      // No route answers OPTIONS: every one is a preflight.
      c.res = frame.bodyless(open, frame.preflight);
    } else {
      if (req.body === null) {
        await next();
      } else {
        // The 413 is thrown here, outside the routes whose errors hono hands to onError.
        try {
          await limit(c, next);
        } catch (err) {
          c.res = await onError(err as Error, c);
        }
      }
      frame.decorate(open, c.res);
    }
    frame.log(open, req.method, c.req.path, c.res.status);
  };
}
