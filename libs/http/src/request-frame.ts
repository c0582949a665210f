import { type Logger, requestLogger } from './logger';
import { type CorsOptions, corsPolicy, SECURITY_HEADERS } from './response-headers';

// A client may pass its id for tracing, but only a short, plain one.
const CLIENT_REQUEST_ID = /^[\w\-=]{1,64}$/;

/** What is known of a request when it arrives, for its response and its log line. */
export type OpenRequest = { requestId: string; allowOrigin: string | null; start: number };

/** An answer with no body (a 304, a preflight's 204): its status and its own headers. */
export type BodylessAnswer = { status: number; headers: Record<string, string> };

/**
 * What every request gets around its answer, whoever answers it (a route, or an answer from memory
 * before routing): a request id, the CORS decision, the security and CORS headers on the response,
 * and one log line.
 */
export function requestFrame({ logger, cors }: { logger: Logger; cors: CorsOptions }) {
  const policy = corsPolicy(cors);
  const logLine = requestLogger(logger);
  const exposure = ['Access-Control-Expose-Headers', policy.exposeHeaders] as const;
  const everyResponse = [...SECURITY_HEADERS, exposure];
  // Copying a Headers object is one call; setting its dozen entries one by one cost ~1 µs more.
  const everyResponseHeaders = new Headers(everyResponse as [string, string][]);
  // A 304 updates the response a cache already holds: the cache keeps the stored 200's headers
  // (the security headers included) and replaces only those the 304 carries (RFC 9111 §4.3.4),
  // and a 304 has no body for them to protect. So it carries what RFC 9110 §15.4.5 asks for
  // (ETag, Cache-Control, Vary, set by whoever answers) plus the request id and CORS, which a
  // script that sent If-None-Match itself reads the 304 through: ~400 bytes fewer per revalidation.
  const notModifiedHeaders = new Headers([exposure as unknown as [string, string]]);
  const perRequest = (headers: Headers, { requestId, allowOrigin }: OpenRequest) => {
    headers.set('X-Request-Id', requestId);
    if (allowOrigin !== null) headers.set('Access-Control-Allow-Origin', allowOrigin);
    headers.append('Vary', 'Origin');
  };
  return {
    preflight: { status: 204, headers: policy.preflight } satisfies BodylessAnswer,
    open(req: Request, start = performance.now()): OpenRequest {
      const given = req.headers.get('x-request-id');
      return {
        requestId: given !== null && CLIENT_REQUEST_ID.test(given) ? given : crypto.randomUUID(),
        allowOrigin: policy.allowOrigin(req.headers.get('origin')),
        start,
      };
    },
    /** Adds the headers to a response a route made, in place. */
    decorate(open: OpenRequest, res: Response) {
      const headers = res.headers;
      if (res.status === 304) headers.set(exposure[0], exposure[1]);
      else for (const [name, value] of everyResponse) headers.set(name, value);
      perRequest(headers, open);
    },
    /** Makes a bodyless answer's response with every header at once. */
    bodyless(open: OpenRequest, { status, headers: own }: BodylessAnswer) {
      const headers = new Headers(status === 304 ? notModifiedHeaders : everyResponseHeaders);
      for (const name in own) headers.set(name, own[name]!);
      perRequest(headers, open);
      return new Response(null, { status, headers });
    },
    log({ requestId, start }: OpenRequest, method: string, path: string, status: number) {
      logLine({ requestId, method, path, status, ms: Math.round((performance.now() - start) * 10) / 10 });
    },
  };
}

export type RequestFrame = ReturnType<typeof requestFrame>;
