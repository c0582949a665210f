import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from './app-error';
import type { BaseEnv } from './context';
import { errorResponse, onError } from './error-handler';
import type { Logger } from './logger';
import { limitBody } from './validation';

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
};

/** Request id, one log line per request, CORS allowlist, security headers, a body size ceiling and the one error shape. */
export function createBaseApp({
  logger,
  corsOrigins,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  corsHeaders = [],
}: BaseAppOptions) {
  const app = new Hono<BaseEnv>();
  const allowed = new Set(corsOrigins);
  app.use(
    requestId({
      // A client may pass its id for tracing, but only a short, plain one.
      generator: () => crypto.randomUUID(),
      limitLength: 64,
    }),
  );
  // The request line holds only the fields below, none of them secret; skipping the redaction walk
  // (every wildcard path on every line) keeps its cost at a few microseconds instead of a hundred.
  const requestLog = logger.child({}, { redact: [] });
  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    requestLog.info({
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
    });
  });
  app.use(
    cors({
      origin: (origin) => (allowed.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      // Conditional requests: revalidating reads, and If-Match on edits (a concurrent edit is a 412).
      allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'If-Match', 'If-None-Match', ...corsHeaders],
      // Paging (Link, X-Total-Count) and validators are read by browser clients too.
      exposeHeaders: ['X-Request-Id', 'Retry-After', 'ETag', 'Link', 'X-Total-Count'],
      maxAge: 600,
    }),
  );
  app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  // After CORS and the request id, so a 413 carries both.
  app.use(limitBody(maxBodyBytes));
  app.notFound((c) => errorResponse(c, new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`)));
  app.onError(onError(logger));
  return app;
}
