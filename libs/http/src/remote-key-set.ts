import { createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey } from 'jose';
import { unavailable } from './app-error';

export type RemoteKeySetOptions = {
  /** Least time between two fetches, whatever the outcome of the last one. */
  cooldownMs?: number;
  /** How long fetched keys are trusted before they are fetched again (a removed key stops working). */
  cacheMaxAgeMs?: number;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
};

export const JWKS_UNAVAILABLE = 'auth keys (JWKS)';

/**
 * The auth service's JWKS through jose, which shares one in-flight fetch between callers and, after
 * a successful fetch, refetches for an unknown kid at most once per cooldown. jose keeps no such
 * pause after a failed fetch: every request would fetch again while the auth service is down or
 * answers garbage. The fetch it is given here remembers failures and refuses to touch the network
 * until the cooldown has passed, so a flood of forged kids or an outage costs one fetch per cooldown.
 */
export function remoteKeySet(url: string, opts: RemoteKeySetOptions = {}): JWTVerifyGetKey {
  const cooldownMs = opts.cooldownMs ?? 30_000;
  const fetchImpl = opts.fetchImpl ?? fetch;
  let failedAt = Number.NEGATIVE_INFINITY;

  const throttledFetch = async (input: string, init: RequestInit): Promise<Response> => {
    if (Date.now() - failedAt < cooldownMs) throw new Error('JWKS fetch failed less than a cooldown ago');
    try {
      const res = await fetchImpl(input, init);
      if (res.status !== 200) throw new Error(`JWKS answered ${res.status}`);
      // Read here, not in jose, so a 200 with a body that is no key set also counts as a failure.
      const body: unknown = await res.json();
      if (!isKeySet(body)) throw new Error('JWKS answered something that is not a key set');
      return Response.json(body);
    } catch (err) {
      failedAt = Date.now();
      throw err;
    }
  };

  const remote = createRemoteJWKSet(new URL(url), {
    cooldownDuration: cooldownMs,
    cacheMaxAge: opts.cacheMaxAgeMs ?? 600_000,
    timeoutDuration: opts.timeoutMs ?? 3000,
    [customFetch]: throttledFetch,
  });

  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (err) {
      // No key for this kid is the token's fault (401); anything else means we could not get keys.
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw err;
      throw unavailable(JWKS_UNAVAILABLE);
    }
  };
}

const isKeySet = (v: unknown): v is { keys: object[] } =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as { keys?: unknown }).keys) &&
  (v as { keys: unknown[] }).keys.every((k) => typeof k === 'object' && k !== null);
