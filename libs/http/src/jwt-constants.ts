// The token rules' constants, apart from jwt-auth.ts (jose, hono): env.ts files read them at start.

/** The only algorithm tokens may use: asymmetric, so verifiers hold no secret. */
export const JWT_ALGORITHM = 'ES256';

/** The longest access-token lifetime auth accepts; verifiers refuse tokens issued longer ago. */
export const MAX_TOKEN_AGE_SECONDS = 86_400;

/** Clocks of the issuing and verifying hosts may differ by this much (iat, nbf, exp). */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
