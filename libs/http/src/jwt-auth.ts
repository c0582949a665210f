import { Role } from '@greencommerce/contracts';
import type { MiddlewareHandler } from 'hono';
import { createLocalJWKSet, type JWK, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';
import { AppError } from './app-error';
import type { BaseEnv, Principal } from './context';
import { DEFAULT_CLOCK_TOLERANCE_SECONDS, JWT_ALGORITHM, MAX_TOKEN_AGE_SECONDS } from './jwt-constants';
import { type RemoteKeySetOptions, remoteKeySet } from './remote-key-set';
import type { TokenVerifierEnv } from './service-env';

export { DEFAULT_CLOCK_TOLERANCE_SECONDS, JWT_ALGORITHM, MAX_TOKEN_AGE_SECONDS };

export type TokenVerifier = (token: string) => Promise<Principal>;

type KeySource =
  /** Public keys given in config (checked by the app's env schema); used as they are. */
  | { keys: JWK[] }
  /** Or the auth service's JWKS, fetched, cached, and refetched when a new kid shows up. */
  | ({ jwksUrl: string } & RemoteKeySetOptions);

export type VerifierOptions = KeySource & {
  issuer: string;
  audience: string;
  clockToleranceSeconds?: number;
};

const UserId = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/)
  .transform(Number)
  .pipe(z.number().max(Number.MAX_SAFE_INTEGER));

/**
 * The `roles` claim: an array of strings, or absent (a token issued before roles existed grants
 * none). Anything else makes the token invalid. Role names this code does not know yet (a newer
 * auth may issue them) are dropped rather than refused, so an older service keeps accepting them.
 */
const Roles = z
  .array(z.string().max(64))
  .max(32)
  .optional()
  .transform((claimed) => Role.options.filter((known) => claimed?.includes(known)));

/** The claims a principal is made of: a new one is one more line here. */
const PrincipalClaims = z.object({
  sub: UserId,
  email: z.string().min(1),
  roles: Roles,
  // Absent (a token issued before the claim existed) is unverified; anything but a boolean is invalid.
  email_verified: z.boolean().default(false),
});

const REQUIRED_CLAIMS = ['iat', 'exp', 'sub', 'email'];
const VERIFIED_CACHE_SIZE = 10_000;
/**
 * A cached token is verified again after this long: the cache must not outlive the key that signed
 * it (a key removed from auth's JWKS is dropped here once the JWKS is refetched).
 */
const VERIFIED_CACHE_SECONDS = 60;

export function createTokenVerifier(opts: VerifierOptions): TokenVerifier {
  const tolerance = opts.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const keySet = 'keys' in opts ? createLocalJWKSet({ keys: opts.keys }) : remoteKeySet(opts.jwksUrl, opts);
  const keyFor: JWTVerifyGetKey = (header, token) => {
    // jose falls back to the only key of the set when there is no kid; we insist on one.
    if (typeof header.kid !== 'string') throw invalidToken();
    return keySet(header, token);
  };
  // A token string verified once stays valid for a while, whoever presents it again: skip the
  // signature check for repeats. Only verified tokens enter; bounded, oldest first out.
  const verified = new Map<string, { principal: Principal; until: number }>();

  return async (token) => {
    const hit = verified.get(token);
    if (hit && hit.until > Date.now() / 1000) return hit.principal;
    if (hit) verified.delete(token);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keyFor, {
        algorithms: [JWT_ALGORITHM],
        issuer: opts.issuer,
        audience: opts.audience,
        requiredClaims: REQUIRED_CLAIMS,
        clockTolerance: tolerance,
        // Also what makes jose refuse an iat in the future (beyond the tolerance).
        maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      }));
    } catch (err) {
      if (err instanceof AppError) throw err; // the JWKS is down: 503, not the token's fault
      throw invalidToken();
    }
    const claims = PrincipalClaims.safeParse(payload);
    if (!claims.success) throw invalidToken();
    const { sub, email, roles, email_verified } = claims.data;
    const principal: Principal = { userId: sub, email, roles, emailVerified: email_verified };
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
    // Never longer than jwtVerify itself would accept it (exp, and iat + the longest token age).
    const { exp, iat } = payload as { exp: number; iat: number };
    const until = Math.min(
      Math.min(exp, iat + MAX_TOKEN_AGE_SECONDS) + tolerance,
      Date.now() / 1000 + VERIFIED_CACHE_SECONDS,
    );
    verified.set(token, { principal, until });
    return principal;
  };
}

const invalidToken = () => new AppError('UNAUTHORIZED', 'Invalid or expired token');

/** 401 unless a valid bearer token is present; the principal comes from the token alone. */
export const requireAuth =
  (verify: TokenVerifier): MiddlewareHandler<BaseEnv> =>
  async (c, next) => {
    const match = /^Bearer\s+(\S{1,4096})$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1]) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
    c.set('principal', await verify(match[1]));
    await next();
  };

/** The verifier a service builds from `tokenVerifierEnv`: the pasted keys when set, else auth's JWKS URL. */
export const tokenVerifierFromEnv = (env: TokenVerifierEnv): TokenVerifier =>
  createTokenVerifier({
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    clockToleranceSeconds: env.JWT_CLOCK_TOLERANCE_SECONDS,
    ...(env.JWT_PUBLIC_KEYS ? { keys: env.JWT_PUBLIC_KEYS } : { jwksUrl: env.AUTH_JWKS_URL }),
  });
