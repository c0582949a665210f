import { envInt, envJson, envOrigins, envWord, httpUrl } from '@greencommerce/contracts/env-fields';
import { jwkList, PublicJwk } from '@greencommerce/contracts/jwk';
import { z } from 'zod';
import { DEFAULT_CLOCK_TOLERANCE_SECONDS } from './jwt-constants';

// Fields every service's env.ts reads the same way: spread them into the schema (`...corsEnv`) so
// the names, defaults and messages stay one thing across the services.

export const nodeEnv = { NODE_ENV: z.enum(['development', 'production', 'test']).default('development') };

export const corsEnv = { CORS_ORIGINS: envOrigins('http://localhost:3000') };

/** What a token must say to be accepted: auth checks its own tokens with these too. */
export const jwtClaimsEnv = {
  JWT_ISSUER: envWord().default('greencommerce-auth'),
  JWT_AUDIENCE: envWord().default('greencommerce'),
  JWT_CLOCK_TOLERANCE_SECONDS: envInt(DEFAULT_CLOCK_TOLERANCE_SECONDS, 0, 300),
};

/** A service that verifies auth's tokens: the claims, and where the public keys come from. */
export const tokenVerifierEnv = {
  ...jwtClaimsEnv,
  /** The auth service's key set; or JWT_PUBLIC_KEYS, public JWKs as a JSON array or a JWKS. */
  AUTH_JWKS_URL: httpUrl.default('http://127.0.0.1:8081/.well-known/jwks.json'),
  JWT_PUBLIC_KEYS: envJson(jwkList(PublicJwk)).optional(),
};

export type TokenVerifierEnv = z.output<z.ZodObject<typeof tokenVerifierEnv>>;
