export { AppError, unavailable } from './app-error';
export { concurrencyLimit } from './concurrency-limit';
export { contentEtag, matchesIfMatch, noneMatch } from './conditional';
export { type BaseEnv, clientIp, type Principal } from './context';
export { type BaseAppOptions, createBaseApp } from './create-base-app';
export { docsRoutes } from './docs';
export { parseEnv } from './env';
export { errorResponse } from './error-handler';
export { healthRoutes, type ReadinessChecks } from './health';
export { ipSubject } from './ip-subject';
export {
  createTokenVerifier,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  JWT_ALGORITHM,
  MAX_TOKEN_AGE_SECONDS,
  requireAuth,
  type TokenVerifier,
  tokenVerifierFromEnv,
  type VerifierOptions,
} from './jwt-auth';
export { createLogger, type Logger, type LogLevel, logEnv, loggerFromEnv } from './logger';
export {
  BEARER_AUTH,
  bearerErrors,
  bearerSecurity,
  bodyCeilingErrors,
  errorResponses,
  jsonBodyErrors,
  jsonRequest,
  jsonResponse,
  type OpenApiRouter,
  openApiDocument,
  openApiRouter,
  publicSecurity,
  roleErrors,
  unavailableErrors,
} from './openapi';
export type { BodylessAnswer } from './request-frame';
export { requireRole } from './require-role';
export { runService, type ServiceParts } from './run-service';
export { serveApp } from './serve';
export {
  corsEnv,
  jwtClaimsEnv,
  nodeEnv,
  type TokenVerifierEnv,
  tokenVerifierEnv,
} from './service-env';
export { superviseWorkers, type Worker } from './supervise';
export { tooMany } from './too-many';
export { limitBody, requireJson } from './validation';
