import { tmpdir } from 'node:os';
import { createDb, type Db, type DbOptions, migrateToLatest } from '@greencommerce/db';
import { sql } from 'kysely';

/** The MariaDB/MySQL server tests run against; each test file gets its own database on it. */
export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export type TestDb = { db: Db; url: string; drop: () => Promise<void> };

/** A fresh, migrated MySQL database named after the suite, dropped by `drop()`. */
export async function createMysqlTestDb(
  suite: string,
  { log, readCommitted, batchStatements }: Pick<DbOptions, 'log' | 'readCommitted' | 'batchStatements'> = {},
): Promise<TestDb> {
  const name = `gc_${suite.replace(/\W/g, '_')}_${process.pid}_${Date.now() % 1e6}`;
  const admin = createDb({ url: `${TEST_MYSQL_URL}/mysql`, poolSize: 1 });
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin);
  const url = `${TEST_MYSQL_URL}/${name}`;
  const db = createDb({ url, poolSize: 5, log, readCommitted, batchStatements });
  await migrateToLatest(db);
  return {
    db,
    url,
    drop: async () => {
      await db.destroy();
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)}`.execute(admin);
      await admin.destroy();
    },
  };
}

/** A fresh, migrated embedded SQLite database in a temp file. */
export async function createSqliteTestDb({ log }: Pick<DbOptions, 'log'> = {}): Promise<TestDb> {
  const file = `${tmpdir()}/gc-test-${process.pid}-${crypto.randomUUID()}.sqlite`;
  const db = createDb({ url: file, log });
  await migrateToLatest(db);
  return {
    db,
    url: file,
    drop: async () => {
      await db.destroy();
      for (const suffix of ['', '-wal', '-shm'])
        await Bun.file(file + suffix)
          .delete()
          .catch(() => {});
    },
  };
}
