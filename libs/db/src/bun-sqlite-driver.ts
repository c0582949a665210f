import type { Database as BunDatabase } from 'bun:sqlite';

/** SQL text as SQLite and MySQL both sort it: `YYYY-MM-DD HH:MM:SS.sss`, always UTC. */
export const sqlTimestamp = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

type Param = string | number | bigint | boolean | null | Uint8Array;

function toParam(v: unknown): Param {
  if (v instanceof Date) return sqlTimestamp(v);
  if (v === undefined) return null;
  return v as Param;
}

/**
 * Presents bun:sqlite as the better-sqlite3 shape Kysely's SqliteDialect drives,
 * so the embedded mode needs no native add-on.
 */
export function betterSqliteShape(db: BunDatabase) {
  return {
    close: () => db.close(),
    prepare(sql: string) {
      const stmt = db.prepare(sql);
      return {
        reader: stmt.columnNames.length > 0,
        all: (params: readonly unknown[]) => stmt.all(...params.map(toParam)),
        run: (params: readonly unknown[]) => {
          const r = stmt.run(...params.map(toParam));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (params: readonly unknown[]) => stmt.iterate(...params.map(toParam)),
      };
    },
  };
}
