import { DependencyUnavailableError } from '@greencommerce/contracts';

/** A unique index rejected the write (MySQL/MariaDB ER_DUP_ENTRY, or SQLite's UNIQUE constraint). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { errno?: number; code?: string; message?: string } | null;
  if (!e) return false;
  return (
    e.errno === 1062 ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e.message ?? '')
  );
}

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'POOL_CLOSED',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

/** The database could not be reached or is overloaded: a 503, not a bug. The driver's error is its cause. */
export class DatabaseUnavailableError extends DependencyUnavailableError {
  constructor(cause: unknown) {
    super('database', { cause });
  }
}

function isConnectionFailure(err: unknown): boolean {
  const e = err as { code?: string; fatal?: boolean } | null;
  return !!e && ((e.code !== undefined && connectionCodes.has(e.code)) || e.fatal === true);
}

/**
 * The parts of a MySQL/MariaDB message that quote a row's value: `Duplicate entry '<value>' for key`
 * (1062), and `… value: '<value>'` (`Incorrect integer value: '…' for column`, `Truncated incorrect
 * DECIMAL value: '…'`, `Incorrect datetime value: '…'`). The value may be an email or a name, and an
 * unexpected error's log line carries the message and the stack. Greedy: a value can hold quotes,
 * which the server does not escape (more is left out then, never less).
 */
const QUOTED_VALUE = [/(Duplicate entry ').*(' for key )/s, /( value: ').*(')/s];

const redacted = (text: string) => QUOTED_VALUE.reduce((t, pattern) => t.replace(pattern, '$1…$2'), text);

function withoutValues(err: { message?: unknown; sqlMessage?: unknown; stack?: unknown }) {
  const { message, sqlMessage, stack } = err;
  if (typeof message === 'string') {
    err.message = redacted(message);
    // The stack's first line is the message as it was when the error was made.
    if (typeof stack === 'string') err.stack = stack.replace(message, err.message as string);
  }
  if (typeof sqlMessage === 'string') err.sqlMessage = redacted(sqlMessage);
}

/**
 * What the drivers hand to Kysely: connection failures typed, any other error (a bad query, a
 * duplicate) as it was, less any row value the server's message quoted.
 */
export const typedDriverError = (err: unknown) => {
  if (isConnectionFailure(err)) return new DatabaseUnavailableError(err);
  if (err && typeof err === 'object') withoutValues(err);
  return err;
};

/** Dates come back as Date from mysql2 and as UTC text from SQLite. */
export function toDate(v: Date | string): Date {
  return v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`);
}

/**
 * The transaction lost a lock race and was rolled back by the server (MySQL/MariaDB deadlock 1213,
 * or MariaDB's snapshot-isolation "record has changed" 1020): running it again is the remedy.
 */
export function isTransactionConflict(err: unknown): boolean {
  const e = err as { errno?: number } | null;
  return !!e && (e.errno === 1213 || e.errno === 1020);
}

/**
 * A statement waited innodb_lock_wait_timeout for a row lock and gave up (1205; the server undid the
 * statement, the caller's transaction rolls back the rest). Not worth retrying inside a request (each
 * try waits the whole timeout again): the database is too busy to answer, a 503.
 */
export function isLockWaitTimeout(err: unknown): boolean {
  return (err as { errno?: number } | null)?.errno === 1205;
}
