import type { Tokens } from './session-cookies';

/** New tokens, or null when the auth service refused the refresh token (spent, revoked, expired). */
export type Refresher = (refreshToken: string) => Promise<Tokens | null>;

type Entry = { settledAt?: number; result: Promise<Tokens | null> };

/**
 * Refresh tokens are single use, and the auth service treats a second use as theft: it revokes the
 * whole session. A browser easily sends one expired session twice at once (two tabs, a navigation and
 * its prefetches), so every use of one refresh token within `graceMs` of the first shares its answer,
 * and each of those responses stores the same new pair. A failure to reach the service is not an
 * answer: it is forgotten at once, so the next request tries again.
 */
export function refreshOnce(
  exchange: Refresher,
  { graceMs = 10_000, now = Date.now }: { graceMs?: number; now?: () => number } = {},
): Refresher {
  const recent = new Map<string, Entry>();
  return (refreshToken) => {
    const t = now();
    for (const [key, entry] of recent) {
      if (entry.settledAt !== undefined && t - entry.settledAt > graceMs) recent.delete(key);
    }
    const known = recent.get(refreshToken);
    if (known) return known.result;
    const entry: Entry = { result: exchange(refreshToken) };
    entry.result.then(
      () => {
        entry.settledAt = now();
      },
      () => recent.delete(refreshToken),
    );
    recent.set(refreshToken, entry);
    return entry.result;
  };
}
