import type { CompiledQuery, QueryExecutor, QueryResult } from 'kysely';
import type { Runner } from './compiled-once';
import type { Db, Trx } from './create-db';
import { isMysql } from './dialect';

/**
 * Starts the text of a batch: the MySQL pool sends it as text (kysely-mysql-pool.ts), where several
 * statements may travel in one query; a prepared statement holds only one.
 */
export const BATCH_MARK = '/* batch */ ';

/** The adapters of the MySQL databases opened with `batchStatements` (a transaction shares its database's). */
const batching = new WeakSet<object>();

export const allowBatches = (db: Db) => void batching.add(db.getExecutor().adapter);

type Run = (query: CompiledQuery) => Promise<QueryResult<unknown>>;

/** `target` with its methods bound to it, `executeQuery` replaced, and `getExecutor` too when given. */
function withRun<T extends object>(target: T, run: Run, executor?: QueryExecutor): T {
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'executeQuery') return run;
      if (prop === 'getExecutor' && executor) return () => executor;
      const value = Reflect.get(t, prop, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

/**
 * The transaction and its executor (what a raw `sql` runs through), with every query going to
 * `run`. A query builder made from it still runs on the transaction's own executor, at once: the
 * Runner type offers none, and the repositories' compiled queries only compile with them.
 */
const runningThrough = (trx: Trx, run: Run): Runner => withRun(trx, run, withRun(trx.getExecutor(), run)) as Runner;

/**
 * What the text protocol writes as the prepared one binds. mysql2's text formatting would also take
 * undefined (as NULL), objects (as `[object Object]` or `key = value` lists), arrays (as value
 * lists), NaN and Infinity (as column names), an invalid Date (as NULL), and a fraction is rounded
 * by the server from text where the binary value is truncated: all refused here.
 */
const bindable = (value: unknown) =>
  value === null ||
  typeof value === 'string' ||
  Number.isInteger(value) ||
  typeof value === 'bigint' ||
  typeof value === 'boolean' ||
  (value instanceof Date && !Number.isNaN(value.getTime())) ||
  value instanceof Uint8Array;

/**
 * Several statements of a transaction sent in one round trip.
 *
 * `writes` stands for the transaction to the repositories' functions that take a Runner: on a
 * MySQL database opened with `batchStatements`, each statement run through it is queued and
 * answered at once with an empty result; so only writes whose result nobody reads may go through
 * it. `send(last)` then runs `last` (one write, whose affected rows it does read) and sends
 * everything as one multi-statement query, `last`'s statement at the end, and returns what `last`
 * returns. The pool's query timeout covers the whole batch.
 *
 * Elsewhere (SQLite has no round trips to save) `writes` is the transaction itself. A failing
 * statement fails `send` with its own error (the ones after it do not run), and the transaction
 * rolls back as after any failed write.
 */
export function statementBatch(trx: Trx): {
  writes: Runner;
  send: <T>(last: (db: Runner) => Promise<T>) => Promise<T>;
} {
  if (!isMysql(trx) || !batching.has(trx.getExecutor().adapter)) return { writes: trx, send: (last) => last(trx) };
  const queued: CompiledQuery[] = [];
  const writes = runningThrough(trx, async (query) => {
    queued.push(query);
    return { rows: [] };
  });
  const send = async <T>(last: (db: Runner) => Promise<T>): Promise<T> => {
    let answer: ((result: QueryResult<unknown>) => void) | undefined;
    const answered = last(
      runningThrough(trx, (query) => {
        if (answer) throw new Error('a batch ends with one statement whose result is read');
        queued.push(query);
        return new Promise((resolve) => {
          answer = resolve;
        });
      }),
    );
    // `last` must run its statement before it awaits anything: the batch goes now.
    if (!answer) throw new Error("the batch's last statement was not run at once");
    const batch = queued.splice(0);
    if (batch.length === 1) {
      answer(await trx.executeQuery(batch[0] as CompiledQuery));
      return answered;
    }
    const parameters = batch.flatMap((q) => q.parameters);
    const unbindable = parameters.findIndex((p) => !bindable(p));
    if (unbindable >= 0) throw new TypeError(`a batched statement's parameter ${unbindable} cannot be sent as text`);
    // One result per statement: `last`'s, a write's, is the last.
    const { rows } = await trx.executeQuery<{ affectedRows: number }>({
      ...(batch[0] as CompiledQuery),
      sql: BATCH_MARK + batch.map((q) => q.sql).join(';\n'),
      parameters,
    });
    answer({ rows: [], numAffectedRows: BigInt(rows.at(-1)?.affectedRows ?? 0) });
    return answered;
  };
  return { writes, send };
}
