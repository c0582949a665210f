/** JSON with object keys sorted at every depth: two bodies that mean the same hash the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 (hex) of the request as validated (defaults applied, unknown fields dropped): the same key
 * with a body that means the same thing replays; with another, it is a 422.
 */
export const requestHash = (input: unknown) => new Bun.CryptoHasher('sha256').update(canonical(input)).digest('hex');

/** Keys are kept, and honoured, this long. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
