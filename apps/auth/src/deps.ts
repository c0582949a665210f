import type { Jwks } from '@greencommerce/contracts';
import type { Db } from '@greencommerce/db';
import type { BaseEnv, Logger, TokenVerifier } from '@greencommerce/http';
import type { PasswordHasher } from './passwords/password-hasher';
import type { TokenIssuer } from './tokens/token-issuer';

export type AuthConfig = {
  corsOrigins: string[];
  /** Proxies of ours in front that append to X-Forwarded-For; 0 trusts no such header. */
  trustedProxyHops: number;
  refreshTtlSeconds: number;
  limits: {
    ipLimit: number;
    ipWindowMs: number;
    accountFailureLimit: number;
    accountWindowMs: number;
    registerIpLimit: number;
    registerIpWindowMs: number;
    /** Verification mails a signed-in account may ask for per window. */
    verifyResendLimit: number;
    verifyResendWindowMs: number;
    /** Password-reset requests per account (or unknown address) and per client IP, per window. */
    resetEmailLimit: number;
    resetEmailWindowMs: number;
    resetIpLimit: number;
    resetIpWindowMs: number;
  };
};

/** Everything the auth app needs, passed in so tests can build it with their own. */
export type AuthDeps = {
  db: Db;
  logger: Logger;
  hasher: PasswordHasher;
  issuer: TokenIssuer;
  verifyToken: TokenVerifier;
  jwks: Jwks;
  config: AuthConfig;
  /** What link tokens are issued, spent and expired against; the wall clock unless a test sets one. */
  clock?: () => Date;
};

export type AuthEnv = BaseEnv;
