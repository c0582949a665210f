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
};

export type AuthEnv = BaseEnv;
