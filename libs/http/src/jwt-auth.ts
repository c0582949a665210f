import type { MiddlewareHandler } from 'hono';
import { verify } from 'hono/jwt';
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws';
import { AppError, unavailable } from './app-error';
import type { BaseEnv, Principal } from './context';

/** The only algorithm tokens may use: asymmetric, so verifiers hold no secret. */
export const JWT_ALGORITHM = 'ES256';

export type TokenVerifier = (token: string) => Promise<Principal>;

export type VerifierOptions = {
  issuer: string;
  audience: string;
  /** Public keys given in config; used as they are. */
  keys?: HonoJsonWebKey[];
  /** Or the auth service's JWKS, fetched and cached, refetched when an unknown `kid` shows up. */
  jwksUrl?: string;
  fetchImpl?: typeof fetch;
  /** Unknown kids trigger a refetch at most this often, so forged kids cannot hammer the auth service. */
  minRefetchMs?: number;
};

const VERIFIED_CACHE_SIZE = 10_000;

export function createTokenVerifier(opts: VerifierOptions): TokenVerifier {
  const fetchImpl = opts.fetchImpl ?? fetch;
  let keys = opts.keys ?? [];
  let fetchedAt = 0;
  // Importing a JWK costs more than verifying with it: import each key once.
  const imported = new WeakMap<HonoJsonWebKey, Promise<CryptoKey>>();
  // A token string verified once is valid until its exp, whoever presents it again: skip the
  // signature check for repeats. Bounded, oldest first out.
  const verified = new Map<string, { principal: Principal; exp: number }>();

  const refresh = async () => {
    if (!opts.jwksUrl || Date.now() - fetchedAt < (opts.minRefetchMs ?? 5000)) return;
    let res: Response;
    try {
      res = await fetchImpl(opts.jwksUrl, { signal: AbortSignal.timeout(3000) });
    } catch {
      throw unavailable('auth keys (JWKS)');
    }
    if (!res.ok) throw unavailable('auth keys (JWKS)');
    const body = (await res.json()) as { keys?: HonoJsonWebKey[] };
    keys = [...(opts.keys ?? []), ...(body.keys ?? [])];
    fetchedAt = Date.now();
  };

  const cryptoKey = (jwk: HonoJsonWebKey) => {
    let key = imported.get(jwk);
    if (!key) {
      const { kty, crv, x, y } = jwk;
      key = crypto.subtle.importKey('jwk', { kty, crv, x, y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
        'verify',
      ]);
      imported.set(jwk, key);
    }
    return key;
  };

  return async (token) => {
    const now = Math.floor(Date.now() / 1000);
    const hit = verified.get(token);
    if (hit && hit.exp > now) return hit.principal;
    const header = headerOf(token);
    // The allowlist: ES256 with a kid, nothing else (no `none`, no HS256 keyed with a public key).
    if (header?.alg !== JWT_ALGORITHM || typeof header.kid !== 'string') throw invalidToken();
    if (!keys.some((k) => k.kid === header.kid)) await refresh();
    const jwk = keys.find((k) => k.kid === header.kid);
    if (!jwk || (jwk.alg && jwk.alg !== JWT_ALGORITHM) || jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw invalidToken();
    let payload: Record<string, unknown>;
    try {
      payload = (await verify(token, await cryptoKey(jwk), {
        alg: JWT_ALGORITHM,
        iss: opts.issuer,
        aud: opts.audience,
      })) as Record<string, unknown>;
    } catch {
      throw invalidToken();
    }
    const userId = Number(payload.sub);
    // hono only checks exp when present; we insist on it.
    if (
      typeof payload.exp !== 'number' ||
      !Number.isSafeInteger(userId) ||
      userId <= 0 ||
      typeof payload.email !== 'string'
    ) {
      throw invalidToken();
    }
    const principal = { userId, email: payload.email };
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
    verified.set(token, { principal, exp: payload.exp });
    return principal;
  };
}

const invalidToken = () => new AppError('UNAUTHORIZED', 'Invalid or expired token');

function headerOf(token: string): { alg?: unknown; kid?: unknown } | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null ? header : undefined;
  } catch {
    return undefined;
  }
}

/** 401 unless a valid bearer token is present; the principal comes from the token alone. */
export const requireAuth =
  (verify: TokenVerifier): MiddlewareHandler<BaseEnv> =>
  async (c, next) => {
    const match = /^Bearer\s+(\S{1,4096})$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1]) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
    c.set('principal', await verify(match[1]));
    await next();
  };
