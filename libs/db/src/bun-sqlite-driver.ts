import type { Database as BunDatabase, Statement } from 'bun:sqlite';
import { typedDriverError } from './errors';

/** SQL text as SQLite and MySQL both sort it: `YYYY-MM-DD HH:MM:SS.sss`, always UTC. */
export const sqlTimestamp = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

type Param = string | number | bigint | boolean | null | Uint8Array;

function toParam(v: unknown): Param {
  if (v instanceof Date) return sqlTimestamp(v);
  if (v === undefined) return null;
  return v as Param;
}

function typed<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw typedDriverError(err);
  }
}

/** Compiled statements kept per database, the least recently used finalized beyond it. */
const MAX_STATEMENTS = 256;

/**
 * Presents bun:sqlite as the better-sqlite3 shape Kysely's SqliteDialect drives,
 * so the embedded mode needs no native add-on. A locked or unopenable file comes out as a
 * DatabaseUnavailableError, as a refused MySQL connection does.
 *
 * Kysely prepares every query it runs; compiling the SQL took most of a primary-key lookup (tens
 * of µs), so statements are kept by their text and reused. all() and run() finish before they
 * return, so one statement is never in use twice at once; iterate() is lazy and gets its own.
 */
export function betterSqliteShape(db: BunDatabase) {
  // By SQL text, oldest use first. `reader` is kept too: bun:sqlite works columnNames out on each read.
  const statements = new Map<string, { stmt: Statement; reader: boolean }>();
  const compiled = (sql: string) => {
    let entry = statements.get(sql);
    if (entry) {
      statements.delete(sql);
    } else {
      const stmt = typed(() => db.prepare(sql));
      entry = { stmt, reader: stmt.columnNames.length > 0 };
      if (statements.size >= MAX_STATEMENTS) {
        const [oldest, old] = statements.entries().next().value!;
        statements.delete(oldest);
        old.stmt.finalize();
      }
    }
    statements.set(sql, entry);
    return entry;
  };
  return {
    close: () => db.close(),
    prepare(sql: string) {
      const { stmt, reader } = compiled(sql);
      return {
        reader,
        all: (params: readonly unknown[]) => typed(() => stmt.all(...params.map(toParam))),
        run: (params: readonly unknown[]) =>
          typed(() => {
            const r = stmt.run(...params.map(toParam));
            return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
          }),
        iterate: (params: readonly unknown[]) => db.prepare(sql).iterate(...params.map(toParam)),
      };
    },
  };
}
