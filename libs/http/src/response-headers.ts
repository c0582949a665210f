/**
 * Sent with every response: what hono's secureHeaders() sent (helmet's defaults) with
 * Cross-Origin-Resource-Policy opened to other origins, whose pages show our images and read our JSON.
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

export type CorsOptions = {
  /** Exact origins allowed to call from a browser; no wildcard. */
  origins: string[];
  /** Request headers of the app's own that browsers may send beyond the standard ones (X-Cart-Token). */
  extraHeaders?: string[];
};

/**
 * The CORS answers, worked out once: which origin may read a response, the headers every response
 * carries, and the preflight's. Every response varies by Origin (whether it carries
 * Access-Control-Allow-Origin depends on it).
 */
export function corsPolicy({ origins, extraHeaders = [] }: CorsOptions) {
  const allowed = new Set(origins);
  return {
    /** The Access-Control-Allow-Origin for this Origin header, or null when it is not allowlisted. */
    allowOrigin: (origin: string | null) => (origin !== null && allowed.has(origin) ? origin : null),
    /** Read by browser clients: paging (Link, X-Total-Count), validators, the request id, Retry-After. */
    exposeHeaders: 'X-Request-Id,Retry-After,ETag,Link,X-Total-Count',
    /** A preflight's own headers, on top of what every response carries. */
    preflight: {
      'Access-Control-Max-Age': '600',
      'Access-Control-Allow-Methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
      // Conditional requests: revalidating reads, and If-Match on edits (a concurrent edit is a 412).
      'Access-Control-Allow-Headers': [
        'Authorization',
        'Content-Type',
        'X-Request-Id',
        'If-Match',
        'If-None-Match',
        ...extraHeaders,
      ].join(','),
      Vary: 'Access-Control-Request-Headers',
    },
  };
}
