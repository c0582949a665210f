export { sqlTimestamp } from './bun-sqlite-driver';
export type { Runner } from './compiled-once';
export { createDb, type Db, type DbOptions, type Trx } from './create-db';
export { DATA_DIR, type DbKind, DEFAULT_DATABASE_URL, dbKind } from './defaults';
export { dbNowMs, hasUpsertReturning, isMysql } from './dialect';
export { databaseEnv, databaseOptions } from './env';
export {
  DatabaseUnavailableError,
  isLockWaitTimeout,
  isTransactionConflict,
  isUniqueViolation,
  toDate,
} from './errors';
export { migrateToLatest, openDatabase } from './migrate';
export * from './repositories/account-tokens';
export * from './repositories/carts';
export * from './repositories/categories';
export * from './repositories/housekeeping';
export * from './repositories/leases';
export * from './repositories/login-attempts';
export * from './repositories/notification-mail';
export * from './repositories/orders';
export * from './repositories/outbox';
export * from './repositories/payments';
export * from './repositories/processed-events';
export * from './repositories/product-import';
export * from './repositories/product-writes';
export * from './repositories/products';
export * from './repositories/rate-limits';
export * from './repositories/refresh-tokens';
export * from './repositories/users';
export { retriedTransaction, retryConflicts } from './retry-conflicts';
export type * from './schema';
export { statementBatch } from './statement-batch';
