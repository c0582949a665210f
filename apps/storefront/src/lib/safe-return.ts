/**
 * Where to send the user after login ("volver"): only a path of this storefront. `//evil.example`
 * and `/\evil.example` are other hosts to a browser, so they are refused along with absolute URLs.
 */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback;
  if (value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if ([...value].some((ch) => ch.charCodeAt(0) < 0x20)) return fallback;
  return value;
}
