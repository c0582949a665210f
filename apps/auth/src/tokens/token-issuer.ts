import { createHash, randomBytes } from 'node:crypto';
import type { PrivateJwk } from '@greencommerce/contracts';
import type { Principal } from '@greencommerce/http';
import { JWT_ALGORITHM } from '@greencommerce/http';
import { importJWK, SignJWT } from 'jose';

export type TokenIssuerOptions = {
  keys: PrivateJwk[];
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
};

export type TokenIssuer = Awaited<ReturnType<typeof createTokenIssuer>>;

/** Imports the signing key once, at start (a bad key fails there), not at every login. */
export async function createTokenIssuer(opts: TokenIssuerOptions) {
  const active = opts.keys[0];
  if (!active) throw new Error('no signing key');
  const key = await importJWK(active, JWT_ALGORITHM);
  const header = { alg: JWT_ALGORITHM, kid: active.kid, typ: 'JWT' };
  return {
    accessTtlSeconds: opts.accessTtlSeconds,
    /** A short-lived access token whose subject is the user id; `roles` and `email_verified` as Principal carries them. */
    accessToken(p: Principal): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ email: p.email, roles: [...p.roles], email_verified: p.emailVerified })
        .setProtectedHeader(header)
        .setSubject(String(p.userId))
        .setIssuer(opts.issuer)
        .setAudience(opts.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + opts.accessTtlSeconds)
        .sign(key);
    },
  };
}

/** An opaque refresh token; only its SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');
