import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { sql } from 'kysely';
import { compiledInsert, compiledOnce } from '../src/compiled-once';
import { WITH_BACKSLASH_ESCAPES } from '../src/create-db';
import { createDb, type Db, isUniqueViolation, statementBatch } from '../src/index';

const outboxInsert = compiledInsert('outbox', ['event_id', 'topic', 'event_key', 'payload']);
const markSent = compiledOnce((db) =>
  db
    .updateTable('outbox')
    .set({ sent_at: new Date(0) })
    .where('topic', '=', ''),
);

// What the text protocol must carry as the prepared one does: quotes, backslashes, `?` and `;`
// (a batch is several statements joined by `;`), a comment opener, and characters beyond ASCII.
const HOSTILE = `it's a "test"; DROP TABLE outbox; -- ? \\ /* */ Café ñ 🛒`;
const row = (id: string, topic: string, payload = HOSTILE) => ({ event_id: id, topic, event_key: 'k', payload });
const sentAt = new Date('2026-12-03T10:20:30Z');

type Opened = { db: Db; statements: string[]; drop: () => Promise<void> };

/** A database of one connection (so a broken one would show on the next query) that logs each round trip. */
async function open(kind: 'mysql' | 'sqlite', batchStatements: boolean): Promise<Opened> {
  const t: TestDb = kind === 'mysql' ? await createMysqlTestDb('statement_batch') : await createSqliteTestDb();
  const statements: string[] = [];
  const log = (e: { query: { sql: string } }) => void statements.push(e.query.sql);
  const db = createDb(kind === 'mysql' ? { url: t.url, poolSize: 1, batchStatements, log } : { url: t.url, log });
  const drop = async () => {
    await db.destroy();
    await t.drop();
  };
  return { db, statements, drop };
}

const stored = (db: Db, topic: string) =>
  db.selectFrom('outbox').select(['event_id', 'payload', 'sent_at']).where('topic', '=', topic).orderBy('id').execute();

describe('statementBatch on MariaDB opened with batchStatements', () => {
  let o: Opened;
  beforeAll(async () => {
    o = await open('mysql', true);
  });
  afterAll(() => o.drop());

  test('the writes and the last statement go in one round trip; the last answers its own affected rows', async () => {
    o.statements.length = 0;
    const affected = await o.db.transaction().execute(async (trx) => {
      const { writes, send } = statementBatch(trx);
      await outboxInsert(writes, [row('b1', 'batch')]);
      await outboxInsert(writes, [row('b2', 'batch'), row('b3', 'batch')]);
      // Queued, not run: nothing answers before send.
      expect(o.statements).toEqual(['begin']);
      return send(async (db) => (await markSent(db, [sentAt, 'batch'])).numAffectedRows);
    });
    expect(affected).toBe(3n);
    expect(o.statements.map((s) => s.split(' ')[0])).toEqual(['begin', '/*', 'commit']);
    expect(await stored(o.db, 'batch')).toEqual(
      ['b1', 'b2', 'b3'].map((event_id) => ({ event_id, payload: HOSTILE, sent_at: sentAt })),
    );
  });

  test('the values are stored as the prepared statements store them', async () => {
    await outboxInsert(o.db, [row('p1', 'prepared')]);
    await markSent(o.db, [sentAt, 'prepared']);
    const [prepared] = await stored(o.db, 'prepared');
    const [batched] = await stored(o.db, 'batch');
    expect({ ...batched, event_id: 'p1' }).toEqual(prepared as never);
  });

  test('a last statement that matches nothing answers 0 (a short stock); the writes before it ran', async () => {
    const affected = await o.db.transaction().execute(async (trx) => {
      const { writes, send } = statementBatch(trx);
      await outboxInsert(writes, [row('z1', 'zero')]);
      return send(async (db) => (await markSent(db, [sentAt, 'no-such-topic'])).numAffectedRows);
    });
    expect(affected).toBe(0n);
    expect((await stored(o.db, 'zero')).map((r) => r.event_id)).toEqual(['z1']);
  });

  test('a statement failing mid-batch fails send with its own error; the transaction leaves nothing; the connection works on', async () => {
    const attempt = o.db.transaction().execute(async (trx) => {
      const { writes, send } = statementBatch(trx);
      await outboxInsert(writes, [row('f1', 'failing')]);
      await outboxInsert(writes, [row('b1', 'failing')]); // b1 exists: a unique violation
      await outboxInsert(writes, [row('f2', 'failing')]);
      return send(async (db) => (await markSent(db, [sentAt, 'failing'])).numAffectedRows);
    });
    const err = await attempt.catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(await stored(o.db, 'failing')).toEqual([]);
    // The pool's only connection answers the next query, as after any failed statement.
    expect((await stored(o.db, 'batch')).length).toBe(3);
  });

  test('a raw statement run through `writes` is queued in its turn, not run ahead of the batch', async () => {
    await o.db.transaction().execute(async (trx) => {
      const { writes, send } = statementBatch(trx);
      await outboxInsert(writes, [row('r1', 'raw')]);
      await sql`insert into outbox (event_id, topic, event_key, payload) values (${'r2'}, ${'raw'}, 'k', 'p')`.execute(
        writes as Db,
      );
      await send(async (db) => (await markSent(db, [sentAt, 'raw'])).numAffectedRows);
    });
    expect((await stored(o.db, 'raw')).map((r) => [r.event_id, r.sent_at])).toEqual([
      ['r1', sentAt],
      ['r2', sentAt],
    ]);
  });

  test('a value the text protocol would write otherwise than a prepared statement is refused before sending', async () => {
    for (const value of [{ a: 1 }, [1, 2], Number.NaN, Number.POSITIVE_INFINITY, 2.5, new Date(Number.NaN)]) {
      const attempt = o.db.transaction().execute(async (trx) => {
        const { writes, send } = statementBatch(trx);
        await outboxInsert(writes, [{ ...row('o1', 'object'), payload: value as never }]);
        return send(async (db) => (await markSent(db, [sentAt, 'object'])).numAffectedRows);
      });
      expect(((await attempt.catch((e: unknown) => e)) as Error).message).toContain('cannot be sent as text');
    }
    expect(await stored(o.db, 'object')).toEqual([]);
  });

  test("a failed batch's error carries the statements' text, not the values of its rows", async () => {
    const err = (await o.db
      .transaction()
      .execute(async (trx) => {
        const { writes, send } = statementBatch(trx);
        await outboxInsert(writes, [row('secret-1', 'secret', 'Secret Person, Calle Privada 9')]);
        await outboxInsert(writes, [row('b1', 'secret')]); // a unique violation
        return send(async (db) => (await markSent(db, [sentAt, 'secret'])).numAffectedRows);
      })
      .catch((e: unknown) => e)) as { sql?: string };
    expect(err.sql).toStartWith('/* batch */ insert into `outbox`');
    expect(err.sql).toContain('values (?, ?, ?, ?)');
    expect(JSON.stringify(err)).not.toContain('Secret Person');
    // Nor the one value the server refused (the duplicate 'b1'), which its message quoted.
    expect((err as Error).message).toStartWith("Duplicate entry '…' for key");
  });

  test('sessions run without NO_BACKSLASH_ESCAPES, the one mode in which escaped text values could end early', async () => {
    const mode = async () => (await sql<{ m: string }>`SELECT @@SESSION.sql_mode AS m`.execute(o.db)).rows[0]?.m ?? '';
    expect(await mode()).not.toContain('NO_BACKSLASH_ESCAPES');
    // What a connection opened on a server in that mode is set to: the rest of its modes kept.
    await o.db.connection().execute(async (conn) => {
      await sql`SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES,ANSI_QUOTES'`.execute(conn);
      await sql.raw(WITH_BACKSLASH_ESCAPES).execute(conn);
      const after = (await sql<{ m: string }>`SELECT @@SESSION.sql_mode AS m`.execute(conn)).rows[0]?.m;
      expect(after?.split(',').sort()).toEqual(['ANSI_QUOTES', 'STRICT_TRANS_TABLES']);
      await sql`SET SESSION sql_mode = DEFAULT`.execute(conn);
      await sql.raw(WITH_BACKSLASH_ESCAPES).execute(conn);
    });
  });

  test('a last that awaits before running its statement is refused, not sent half', async () => {
    const attempt = o.db.transaction().execute(async (trx) => {
      const { writes, send } = statementBatch(trx);
      await outboxInsert(writes, [row('l1', 'late')]);
      return send(async (db) => {
        await Bun.sleep(1);
        return (await markSent(db, [sentAt, 'late'])).numAffectedRows;
      });
    });
    expect(((await attempt.catch((e: unknown) => e)) as Error).message).toContain('not run at once');
    expect(await stored(o.db, 'late')).toEqual([]);
  });
});

for (const [name, kind, batching] of [
  ['MariaDB opened without batchStatements', 'mysql', false],
  ['SQLite', 'sqlite', false],
] as const) {
  describe(`statementBatch on ${name}: every statement runs at once`, () => {
    let o: Opened;
    beforeAll(async () => {
      o = await open(kind, batching);
    });
    afterAll(() => o.drop());

    test('each write is its own statement, and the last answers its affected rows', async () => {
      o.statements.length = 0;
      const affected = await o.db.transaction().execute(async (trx) => {
        const { writes, send } = statementBatch(trx);
        await outboxInsert(writes, [row('s1', 'single')]);
        await outboxInsert(writes, [row('s2', 'single')]);
        expect(o.statements.length).toBe(3);
        return send(async (db) => (await markSent(db, [sentAt, 'single'])).numAffectedRows);
      });
      expect(affected).toBe(2n);
      expect(o.statements.length).toBe(5);
      expect((await stored(o.db, 'single')).map((r) => [r.event_id, r.payload])).toEqual([
        ['s1', HOSTILE],
        ['s2', HOSTILE],
      ]);
    });
  });
}
