export { captureLogger } from './capture-logger';
export { checkDocumentedStatuses, operationFor } from './documented-statuses';
export { expectError } from './expect-error';
export { documents, type HostileCase, type OpenApiDoc, operations, standardHostileCases } from './hostile-cases';
export { type LintProblem, lintOpenApi } from './openapi-lint';
