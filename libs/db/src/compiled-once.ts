import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Db } from './create-db';
import { isMysql } from './dialect';
import type { Database } from './schema';

/** What runs a compiled query: a database, a transaction, or a statementBatch's runner. */
export type Runner = Pick<Db, 'executeQuery' | 'getExecutor'>;

const hasPlugins = (db: Runner) => db.getExecutor().plugins.length > 0;

/**
 * A query compiled once per dialect rather than per call, for the hot paths (GET /cart, checkout):
 * building and compiling a Kysely query, with the garbage it leaves, cost about as much CPU as
 * running a small one on MariaDB (~40 µs). Each call only binds its parameters, in the order of
 * `build`'s placeholders. A database with plugins (the tests' query hooks) compiles on every call:
 * plugins see a query when it is compiled, and a transaction copies its database's list of them.
 */
export function compiledOnce<R>(build: (db: Kysely<Database>) => { compile(): CompiledQuery<R> }) {
  const byDialect = new Map<boolean, CompiledQuery<R>>();
  return (db: Runner, parameters: readonly unknown[]): Promise<QueryResult<R>> => {
    if (hasPlugins(db)) return db.executeQuery<R>({ ...build(db as Db).compile(), parameters });
    const mysql = isMysql(db as Db);
    let query = byDialect.get(mysql);
    if (!query) {
      query = build(db as Db).compile();
      byDialect.set(mysql, query);
    }
    return db.executeQuery<R>({ ...query, parameters });
  };
}

/**
 * An INSERT of whole rows into `table`, compiled once per dialect and row count (up to `maxRows`;
 * beyond, or with plugins, per call). Each row gives every column in `columns`; the placeholders
 * are matched to the columns when compiled, so no order is assumed.
 */
export function compiledInsert<T extends keyof Database & string>(table: T, columns: readonly string[], maxRows = 8) {
  const cache = new Map<string, { query: CompiledQuery; slots: [number, string][] }>();
  const compile = (db: Runner, rows: number) => {
    // Each value a marker naming its row and column; the compiled parameters are then the slots.
    const markers = Array.from({ length: rows }, (_, r) =>
      Object.fromEntries(columns.map((c) => [c, `${r}\u0000${c}`])),
    );
    const query = (db as Db)
      .insertInto(table)
      .values(markers as never)
      .compile();
    const slots = query.parameters.map((p) => {
      const [row, column] = String(p).split('\u0000');
      return [Number(row), column as string] as [number, string];
    });
    return { query, slots };
  };
  return async (db: Runner, rows: readonly Record<string, unknown>[]): Promise<void> => {
    if (rows.length === 0) return;
    const key = `${isMysql(db as Db)}:${rows.length}`;
    let compiled = hasPlugins(db) ? undefined : cache.get(key);
    if (!compiled) {
      compiled = compile(db, rows.length);
      if (rows.length <= maxRows && !hasPlugins(db)) cache.set(key, compiled);
    }
    const parameters = compiled.slots.map(([r, c]) => rows[r]?.[c] ?? null);
    await db.executeQuery({ ...compiled.query, parameters });
  };
}

/** A value's stand-in while compiling a compiledByShape query: `mark('id0')`. */
export const mark = (name: string) => `\u0000${name}`;

/**
 * A query whose text depends only on a small count (the lines of a checkout), compiled once per
 * dialect and count up to `maxShape` (beyond, or with plugins, per call). `build` puts `mark(name)`
 * wherever a value goes; each call gives the values by name, and constants stay as compiled.
 */
export function compiledByShape<R>(
  build: (db: Kysely<Database>, shape: number) => { compile(): CompiledQuery<R> },
  maxShape = 8,
) {
  const cache = new Map<string, CompiledQuery<R>>();
  return (db: Runner, shape: number, values: Record<string, unknown>): Promise<QueryResult<R>> => {
    const key = `${isMysql(db as Db)}:${shape}`;
    let query = hasPlugins(db) ? undefined : cache.get(key);
    if (!query) {
      query = build(db as Db, shape).compile();
      if (shape <= maxShape && !hasPlugins(db)) cache.set(key, query);
    }
    const parameters = query.parameters.map((p) =>
      typeof p === 'string' && p.startsWith('\u0000') ? values[p.slice(1)] : p,
    );
    return db.executeQuery<R>({ ...query, parameters });
  };
}
