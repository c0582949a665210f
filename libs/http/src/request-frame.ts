import { type Logger, requestLogger } from './logger';
import { type CorsOptions, corsPolicy, SECURITY_HEADERS } from './response-headers';

// A client may pass its id for tracing, but only a short, plain one.
const CLIENT_REQUEST_ID = /^[\w\-=]{1,64}$/;

/** What is known of a request when it arrives, for its response and its log line. */
export type OpenRequest = { requestId: string; allowOrigin: string | null; start: number };

/**
 * What every request gets around its answer, whoever answers it (a route, or an answer from memory
 * before routing): a request id, the CORS decision, the security and CORS headers on the response,
 * and one log line.
 */
export function requestFrame({ logger, cors }: { logger: Logger; cors: CorsOptions }) {
  const policy = corsPolicy(cors);
  const logLine = requestLogger(logger);
  const everyResponse = [...SECURITY_HEADERS, ['Access-Control-Expose-Headers', policy.exposeHeaders] as const];
  return {
    preflightHeaders: policy.preflight,
    open(req: Request, start = performance.now()): OpenRequest {
      const given = req.headers.get('x-request-id');
      return {
        requestId: given !== null && CLIENT_REQUEST_ID.test(given) ? given : crypto.randomUUID(),
        allowOrigin: policy.allowOrigin(req.headers.get('origin')),
        start,
      };
    },
    /**
     * Decorates the response in place, after it was made: one set per header on the response
     * the route built (hono's CORS and secureHeaders middlewares built and copied a placeholder
     * response for theirs).
     */
    close({ requestId, allowOrigin, start }: OpenRequest, req: Request, path: string, res: Response) {
      const headers = res.headers;
      for (const [name, value] of everyResponse) headers.set(name, value);
      headers.set('X-Request-Id', requestId);
      if (allowOrigin !== null) headers.set('Access-Control-Allow-Origin', allowOrigin);
      headers.append('Vary', 'Origin');
      logLine({
        requestId,
        method: req.method,
        path,
        status: res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      });
    },
  };
}

export type RequestFrame = ReturnType<typeof requestFrame>;
