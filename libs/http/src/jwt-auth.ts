import type { MiddlewareHandler } from 'hono';
import { verifyWithJwks } from 'hono/jwt';
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

export function createTokenVerifier(opts: VerifierOptions): TokenVerifier {
  const fetchImpl = opts.fetchImpl ?? fetch;
  let keys = opts.keys ?? [];
  let fetchedAt = 0;

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

  return async (token) => {
    const kid = kidOf(token);
    if (!keys.some((k) => k.kid === kid)) await refresh();
    let payload: Record<string, unknown>;
    try {
      payload = (await verifyWithJwks(token, {
        keys,
        allowedAlgorithms: [JWT_ALGORITHM],
        verification: { iss: opts.issuer, aud: opts.audience },
      } as Parameters<typeof verifyWithJwks>[1])) as Record<string, unknown>;
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
    return { userId, email: payload.email };
  };
}

const invalidToken = () => new AppError('UNAUTHORIZED', 'Invalid or expired token');

function kidOf(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return typeof header?.kid === 'string' ? header.kid : undefined;
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
