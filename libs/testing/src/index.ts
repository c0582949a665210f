// Shared test helpers: real databases, the test run's Kafka, S3 and mail catcher, tokens from a test key, test
// images, people and sessions, and the services as processes. App-specific builders stay in each
// app's own test/ folder.

export { createMysqlTestDb, createSqliteTestDb, TEST_MYSQL_URL, type TestDb } from './db';
export { captureLogger } from './http/capture-logger';
export { checkDocumentedStatuses, operationFor } from './http/documented-statuses';
export {
  type EnvCase,
  expectConfigRejected,
  loadEnvCaught,
  loadEnvInSubprocess,
  SHARED_BAD_ENV,
} from './http/env-cases';
export { expectError } from './http/expect-error';
export { documents, type HostileCase, type OpenApiDoc, operations, standardHostileCases } from './http/hostile-cases';
export { type LintProblem, lintOpenApi } from './http/openapi-lint';
export * as images from './images';
export { infra, TEST_KAFKA_BROKERS, TEST_S3_ENDPOINT } from './infra';
export { readTopic, startGroupAtEnd } from './kafka';
export { LIMIT_WINDOW_MS } from './limits';
export { type DeliveredMail, mailHeader, mailTo, TEST_MAILDEV_URL, TEST_SMTP_URL, waitForMail } from './mail';
export {
  type Client,
  httpClient,
  insertAccount,
  newUser,
  postJson,
  registerAndLogin,
  registration,
  uniqueEmail,
} from './people';
export { afterQuery, selectsFrom } from './query-hooks';
export { bucketName, s3Env, testBucket, testS3Client } from './s3';
export { freePort, plainChildEnv, type Service, startService } from './services';
export { adminTokenFor, signingKey, TEST_JWT_ENV, testVerifier, tokenFor } from './tokens';
