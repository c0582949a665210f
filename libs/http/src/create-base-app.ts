import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import { AppError } from './app-error';
import { baseMiddleware } from './base-middleware';
import type { BaseEnv } from './context';
import { errorResponse, onError } from './error-handler';
import type { Logger } from './logger';
import { type BodylessAnswer, requestFrame } from './request-frame';

/** Request bodies above this get 413 on routes that set no smaller limit of their own. */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export type BaseAppOptions = {
  logger: Logger;
  /** Exact origins allowed to call from a browser; no wildcard. */
  corsOrigins: string[];
  /** The largest body any route accepts; routes set their own, smaller limits with limitBody. */
  maxBodyBytes?: number;
  /** Request headers of the app's own that browsers may send beyond the standard ones (X-Cart-Token). */
  corsHeaders?: string[];
  /**
   * Answers a request from memory before routing with a bodyless answer (the catalog's 304s), or
   * returns undefined to route it. The answer gets the same headers and log line as a routed one.
   */
  answerEarly?: (req: Request) => BodylessAnswer | undefined;
};

/** Request id, one log line per request, CORS allowlist, security headers, a body size ceiling and the one error shape. */
export function createBaseApp({
  logger,
  corsOrigins,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  corsHeaders = [],
  answerEarly,
}: BaseAppOptions) {
  const frame = requestFrame({ logger, cors: { origins: corsOrigins, extraHeaders: corsHeaders } });
  const handleError = onError(logger);
  const app = new Hono<BaseEnv>();
  app.use(baseMiddleware({ frame, maxBodyBytes, onError: handleError }));
  app.notFound((c) => errorResponse(c, new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`)));
  app.onError(handleError);
  if (answerEarly) {
    // In front of hono's routing and middleware chain, which cost more than an answer from memory.
    // app.request() and every server call app.fetch, so they all come through here.
    const route = app.fetch;
    app.fetch = (req, env, executionCtx) => {
      const start = performance.now();
      const early = answerEarly(req);
      if (early === undefined) return route(req, env, executionCtx);
      const open = frame.open(req, start);
      const res = frame.bodyless(open, early);
      frame.log(open, req.method, getPath(req), res.status);
      return res;
    };
  }
  return app;
}
