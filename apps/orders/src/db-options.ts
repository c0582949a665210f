import type { DbOptions } from '@greencommerce/db';

/**
 * How the orders app opens MySQL: checkout's writes batched into one round trip (statementBatch),
 * and every session at READ COMMITTED. A checkout's reads see the stock
 * other checkouts just committed, and no snapshot taken early makes a later UPDATE of a row another
 * transaction changed fail (MySQL 8, and MariaDB's innodb_snapshot_isolation, on by default from
 * 11.6). Set once per connection: a statement before every transaction was one round trip of each
 * checkout's sixteen. The tests open their databases with it too.
 */
export const ORDERS_DB_OPTIONS = { readCommitted: true, batchStatements: true } as const satisfies Partial<DbOptions>;
