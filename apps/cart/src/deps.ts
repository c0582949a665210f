import type { Db } from '@greencommerce/db';
import type { Logger, TokenVerifier } from '@greencommerce/http';

export type CartConfig = {
  corsOrigins: string[];
  /** GUEST_CART_TTL_DAYS: a guest cart idle longer is treated as never having existed. */
  guestCartTtlDays: number;
  /** Proxies of ours in front (X-Forwarded-For entries to trust); 0: the socket's address counts. */
  trustedProxyHops: number;
  /** Guest carts one client may create per window. */
  guestCartIpLimit: number;
  guestCartIpWindowMs: number;
};

/** Everything the cart app needs, passed in so tests can build it with their own. */
export type CartDeps = {
  db: Db;
  logger: Logger;
  verifyToken: TokenVerifier;
  config: CartConfig;
};
