export { captureLogger } from './capture-logger';
export { checkDocumentedStatuses, operationFor } from './documented-statuses';
export {
  type EnvCase,
  expectConfigRejected,
  loadEnvCaught,
  loadEnvInSubprocess,
  SHARED_BAD_ENV,
} from './env-cases';
export { expectError } from './expect-error';
export { documents, type HostileCase, type OpenApiDoc, operations, standardHostileCases } from './hostile-cases';
export { type LintProblem, lintOpenApi } from './openapi-lint';
