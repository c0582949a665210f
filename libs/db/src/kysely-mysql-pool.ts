import type { Pool, PoolConnection } from 'mysql2';
import { DatabaseUnavailableError, typedDriverError } from './errors';
import { BATCH_MARK } from './statement-batch';

type QueryCallback = (err: unknown, ...rest: unknown[]) => void;

/** `IN (?, ?, …)` with two or more placeholders: its text changes with the list's length. */
const VARIABLE_LIST = /\bin \((?:\?, )+\?\)/i;

/**
 * The pool Kysely's MySQL driver draws from, with these changes to its connections:
 * - a new one runs `session` (SET statements) before it is first handed out;
 * - parameterised queries go through mysql2's `execute` (prepared once per connection, binary
 *   protocol) instead of text, which saves the server a parse per request on hot paths; except
 *   those with a variable-length `IN` list, which go as text: prepared, each list length would be a
 *   statement of its own, held on the server until the connection's cache evicts it; and a batch
 *   of several statements (statementBatch), which only text carries;
 * - every query has a timeout, so a database that stops answering (rather than refusing) turns
 *   into a prompt error, and the stuck connection is destroyed instead of going back to the pool;
 * - a refused, lost or timed-out connection reaches Kysely as a DatabaseUnavailableError.
 */
export function kyselyMysqlPool(pool: Pool, queryTimeoutMs: number, session: readonly string[] = []) {
  const wrap = (conn: PoolConnection) => {
    const query = (sql: string, params: unknown[] | undefined, cb?: QueryCallback) => {
      // Without a callback Kysely wants a stream; it never streams here, so leave it be.
      if (!cb) return conn.query(sql, params);
      const done = (err: { code?: string; sql?: string } | null, ...rest: unknown[]) => {
        if (err?.code === 'PROTOCOL_SEQUENCE_TIMEOUT') conn.destroy();
        // mysql2 puts the statement on the error with the values of a text query written in (a
        // checkout batch: names, emails, addresses); what is logged is the text Kysely compiled.
        if (err?.sql) err.sql = sql;
        cb(err && typedDriverError(err), ...rest);
      };
      return params && params.length > 0 && !VARIABLE_LIST.test(sql) && !sql.startsWith(BATCH_MARK)
        ? conn.execute({ sql, values: params as never, timeout: queryTimeoutMs }, done as never)
        : conn.query({ sql, timeout: queryTimeoutMs }, params, done as never);
    };
    // The connection's own methods, bound once each rather than on every access (release, per query).
    const bound = new WeakMap<object, unknown>();
    return new Proxy(conn, {
      get(target, prop) {
        if (prop === 'query') return query;
        const value = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        let method = bound.get(value);
        if (!method) {
          method = value.bind(target);
          bound.set(value, method);
        }
        return method;
      },
    });
  };
  // One wrapper per connection for its life: Kysely keeps its own state per connection object it is
  // handed, which a new wrapper on every checkout made it build again for each query.
  const wrapped = new WeakMap<PoolConnection, PoolConnection>();
  /**
   * A new connection's session statements, one after another, each with the query timeout. Any
   * failure (a server that stops answering, or refuses one) drops the connection and is the
   * database being unavailable, with the statement's own error as its cause.
   */
  const setUp = (conn: PoolConnection, done: (err: unknown) => void, next = 0) => {
    const sql = session[next];
    if (sql === undefined) return done(null);
    conn.query({ sql, timeout: queryTimeoutMs }, (err) => {
      if (!err) return setUp(conn, done, next + 1);
      conn.destroy();
      done(new DatabaseUnavailableError(err));
    });
  };
  return {
    getConnection(cb: (err: unknown, conn?: PoolConnection) => void) {
      pool.getConnection((err, conn) => {
        if (err) return cb(typedDriverError(err));
        const proxy = wrapped.get(conn);
        if (proxy) return cb(null, proxy);
        setUp(conn, (failed) => {
          if (failed) return cb(failed);
          const fresh = wrap(conn);
          wrapped.set(conn, fresh);
          cb(null, fresh);
        });
      });
    },
    end(cb: (err: unknown) => void) {
      pool.end(cb);
    },
  };
}
