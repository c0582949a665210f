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
  expect(statements).toEqual(['SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1']);
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
