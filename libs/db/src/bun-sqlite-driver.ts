import type { Database as BunDatabase } from 'bun:sqlite';
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

/**
 * Presents bun:sqlite as the better-sqlite3 shape Kysely's SqliteDialect drives,
 * so the embedded mode needs no native add-on. A locked or unopenable file comes out as a
 * DatabaseUnavailableError, as a refused MySQL connection does.
 */
export function betterSqliteShape(db: BunDatabase) {
  return {
    close: () => db.close(),
    prepare(sql: string) {
      const stmt = typed(() => db.prepare(sql));
      return {
        reader: stmt.columnNames.length > 0,
        all: (params: readonly unknown[]) => typed(() => stmt.all(...params.map(toParam))),
        run: (params: readonly unknown[]) =>
          typed(() => {
            const r = stmt.run(...params.map(toParam));
            return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
          }),
        iterate: (params: readonly unknown[]) => stmt.iterate(...params.map(toParam)),
      };
    },
  };
}
