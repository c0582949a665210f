import type { Pool, PoolConnection } from 'mysql2';

type QueryCallback = (err: unknown, result?: unknown) => void;

/**
 * Kysely's MySQL driver sends every query as text. This pool hands it connections whose
 * parameterised queries go through mysql2's `execute` instead: prepared once per connection and
 * then sent in the binary protocol, which saves the server a parse per request on hot paths.
 */
export function preparedStatementPool(pool: Pool) {
  const wrap = (conn: PoolConnection) =>
    new Proxy(conn, {
      get(target, prop) {
        if (prop === 'query') {
          return (sql: string, params: unknown[] | undefined, cb?: QueryCallback) =>
            cb && params && params.length > 0
              ? target.execute(sql, params as never, cb as never)
              : target.query(sql, params, cb as never);
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return {
    getConnection(cb: (err: NodeJS.ErrnoException | null, conn: PoolConnection) => void) {
      pool.getConnection((err, conn) => cb(err, err ? conn : wrap(conn)));
    },
    end(cb: (err: unknown) => void) {
      pool.end(cb);
    },
  };
}
