/**
 * Conditional requests (RFC 9110 §13). ETags here are always strong, built by the service from
 * what the representation depends on (a version, or the bytes themselves).
 */

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/** If-None-Match: weak comparison, `*` matches any current representation. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  // What a client usually sends: the one tag it was given, as it was given.
  if (header === etag) return true;
  if (header.trim() === '*') return true;
  const wanted = opaque(etag);
  return header.split(',').some((t) => opaque(t) === wanted);
}

/** If-Match: strong comparison (a weak tag never matches), `*` matches any existing representation. */
export function matchesIfMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim() === etag);
}

/** A strong ETag of a body's exact bytes. */
export const contentEtag = (body: string) => `"${Bun.hash(body).toString(36)}"`;
