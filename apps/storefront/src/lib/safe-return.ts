// A base no path can leave without naming another host; only its origin is compared.
const HERE = 'http://storefront.invalid';

/**
 * Where to send the user after login ("volver"): only a path of this storefront. `//evil.example`
 * and `/\evil.example` are other hosts to a browser, so they are refused along with absolute URLs. The
 * path comes back as the URL parser writes it (percent-encoded), fit for a Location header as it is.
 */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback;
  if (value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if ([...value].some((ch) => ch.charCodeAt(0) < 0x20)) return fallback;
  // What a browser would make of it: the parser also drops tabs and reads `\` as `/` before the host.
  const url = new URL(value, HERE);
  if (url.origin !== HERE) return fallback;
  return url.pathname + url.search + url.hash;
}
