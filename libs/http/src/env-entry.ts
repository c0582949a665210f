// `@greencommerce/http/env`: what an app's env.ts needs, without hono, jose or the OpenAPI helpers, so
// that a supervisor (supervise.ts) parses its environment and spawns its workers before loading them.
export { parseEnv } from './env';
export { MAX_TOKEN_AGE_SECONDS } from './jwt-constants';
export { logEnv } from './logger';
export { corsEnv, jwtClaimsEnv, nodeEnv, tokenVerifierEnv } from './service-env';
