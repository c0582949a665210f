import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '@greencommerce/http';
import { JWT_ALGORITHM } from '@greencommerce/http';
import { sign } from 'hono/jwt';
import type { PrivateJwk } from './signing-keys';

export type TokenIssuerOptions = {
  keys: PrivateJwk[];
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
};

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;

export function createTokenIssuer(opts: TokenIssuerOptions) {
  const active = opts.keys[0];
  if (!active) throw new Error('no signing key');
  return {
    accessTtlSeconds: opts.accessTtlSeconds,
    /** A short-lived access token whose subject is the user id. */
    async accessToken(p: Principal): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      return sign(
        {
          sub: String(p.userId),
          email: p.email,
          iss: opts.issuer,
          aud: opts.audience,
          iat: now,
          exp: now + opts.accessTtlSeconds,
        },
        { ...active, alg: JWT_ALGORITHM },
        JWT_ALGORITHM,
      );
    },
  };
}

/** An opaque refresh token; only its SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');
