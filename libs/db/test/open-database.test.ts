import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { type Db, openDatabase } from '../src/index';
import { migrations } from '../src/migrations/index';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gc-open-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const names = Object.keys(migrations).sort();
const applied = async (db: Db) =>
  (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);

test('an embedded database is migrated on open; once up to date, opening it runs one query', async () => {
  const url = path.join(dir, 'open.sqlite');
  const fresh = await openDatabase({ url });
  expect(await applied(fresh)).toEqual(names);
  await fresh.destroy();

  const statements: string[] = [];
  const again = await openDatabase({ url, log: (e) => void statements.push(e.query.sql) });
  expect(statements.map((q) => q.replace(/\s+/g, ' ').trim())).toEqual([
    'SELECT COUNT(*) AS runs, MAX(name) AS newest FROM kysely_migration',
  ]);
  await again.destroy();
});

test('a database one migration behind gets it on open', async () => {
  const url = path.join(dir, 'behind.sqlite');
  const db = await openDatabase({ url });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateDown();
  expect(error).toBeUndefined();
  expect(await applied(db)).toEqual(names.slice(0, -1));
  await db.destroy();

  const reopened = await openDatabase({ url });
  expect(await applied(reopened)).toEqual(names);
  await reopened.destroy();
});

test('a database missing a migration older than its newest (one merged in between) is not taken as up to date', async () => {
  const url = path.join(dir, 'gap.sqlite');
  const db = await openDatabase({ url });
  await sql`DELETE FROM kysely_migration WHERE name = ${names[1]}`.execute(db);
  await db.destroy();
  // The Migrator refuses a history with a gap; the start must not go on without that migration.
  await expect(openDatabase({ url })).rejects.toThrow();
});
