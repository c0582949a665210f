import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import type { KyselyPlugin } from 'kysely';
import { compiledInsert, compiledOnce } from '../src/compiled-once';
import type { Db } from '../src/index';

const outbox = compiledInsert('outbox', ['payload', 'event_id', 'event_key', 'topic'], 2);
const byEvent = compiledOnce((db) =>
  db.selectFrom('outbox').select(['event_id', 'payload']).where('event_id', '=', ''),
);

/** The kind of every query compiled on this database (a plugin sees a query when it is compiled). */
function compiling(db: Db) {
  const seen: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (a) => {
      seen.push(a.node.kind);
      return a.node;
    },
    transformResult: async (a) => a.result,
  };
  return { db: db.withPlugin(plugin) as Db, seen };
}

for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('compiled_once')],
  ['sqlite', () => createSqliteTestDb()],
] as const) {
  describe(`queries compiled once (${dialect})`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(() => t.drop());

    test('an insert binds each row by column name, whatever the order of its keys, beyond the cached row counts too', async () => {
      const row = (n: number) => ({ topic: `t${n}`, event_key: `k${n}`, event_id: `e${n}`, payload: `{"n":${n}}` });
      await outbox(t.db, [row(1)]);
      await outbox(t.db, [row(2), row(3)]);
      await outbox(t.db, [row(4), row(5), row(6)]);
      await outbox(t.db, []);
      const rows = await t.db
        .selectFrom('outbox')
        .select(['event_id', 'topic', 'event_key', 'payload'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([1, 2, 3, 4, 5, 6].map(row));
      expect((await byEvent(t.db, ['e5'])).rows).toEqual([{ event_id: 'e5', payload: '{"n":5}' }]);
    });

    test('a database with plugins (the query hooks of tests) compiles on every call, so they see each query', async () => {
      const hooked = compiling(t.db);
      await byEvent(hooked.db, ['e1']);
      await byEvent(hooked.db, ['e2']);
      await outbox(hooked.db, [{ topic: 't', event_key: 'k', event_id: 'e7', payload: '{}' }]);
      expect(hooked.seen).toEqual(['SelectQueryNode', 'SelectQueryNode', 'InsertQueryNode']);
      expect((await byEvent(t.db, ['e7'])).rows).toHaveLength(1);
    });
  });
}
