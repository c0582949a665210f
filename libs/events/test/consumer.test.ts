import { afterAll, beforeAll, expect, test } from 'bun:test';
import { insertOutboxRow } from '@greencommerce/db';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { sql } from 'kysely';
import { consumeFromDatabase, type DeadLetter, enqueueEvent, handleOnce } from '../src/index';

let t: TestDb;
beforeAll(async () => {
  t = await createMysqlTestDb('consumer');
});
afterAll(async () => {
  await t.drop();
});

const event = {
  id: crypto.randomUUID(),
  event: 'UserDeleted' as const,
  version: 1 as const,
  occurredAt: new Date().toISOString(),
  data: { userId: 7 },
};

test('a redelivered event has no second effect, and a failed handler leaves it unprocessed', async () => {
  const effects: number[] = [];
  const failing = handleOnce(t.db, 'g', event, async () => {
    throw new Error('handler failed');
  });
  await expect(failing).rejects.toThrow('handler failed');
  expect(await handleOnce(t.db, 'g', event, async () => void effects.push(1))).toBe(true);
  expect(await handleOnce(t.db, 'g', event, async () => void effects.push(2))).toBe(false);
  expect(effects).toEqual([1]);
});

test('the handler writes commit together with the processed-event record', async () => {
  const e = { ...event, id: crypto.randomUUID() };
  await expect(
    handleOnce(t.db, 'h', e, async (trx) => {
      await sql`INSERT INTO leases (name, holder, expires_at) VALUES ('side-effect', 'h', 0)`.execute(trx);
      throw new Error('after the write');
    }),
  ).rejects.toThrow();
  const rows = await t.db.selectFrom('leases').selectAll().where('name', '=', 'side-effect').execute();
  expect(rows).toHaveLength(0);
});

test('embedded mode: events flow through the shared database with no broker', async () => {
  const s = await createSqliteTestDb();
  try {
    const got: string[] = [];
    const sub = consumeFromDatabase({
      db: s.db,
      group: 'embedded',
      topics: ['user.deleted'],
      pollMs: 20,
      handler: async (_trx, e) => void got.push(e.id),
    });
    const a = await enqueueEvent(s.db, 'UserDeleted', { userId: 1 });
    const b = await enqueueEvent(s.db, 'UserDeleted', { userId: 2 });
    const deadline = Date.now() + 5000;
    while (got.length < 2 && Date.now() < deadline) await Bun.sleep(20);
    await sub.stop();
    expect(got).toEqual([a.id, b.id]);
  } finally {
    await s.drop();
  }
});

test('embedded mode: a poison row is reported and passed over, never blocking the rows behind it', async () => {
  const s = await createSqliteTestDb();
  try {
    await insertOutboxRow(s.db, { event_id: 'raw', topic: 'user.deleted', event_key: '1', payload: 'not json {' });
    await enqueueEvent(s.db, 'UserDeleted', { userId: 13 });
    const good = await enqueueEvent(s.db, 'UserDeleted', { userId: 2 });
    const got: string[] = [];
    const deadLetters: DeadLetter[] = [];
    const sub = consumeFromDatabase({
      db: s.db,
      group: 'embedded-poison',
      topics: ['user.deleted'],
      pollMs: 20,
      retry: { maxAttempts: 2, backoffMs: 5 },
      onDeadLetter: (d) => deadLetters.push(d),
      handler: async (_trx, e) => {
        if ('userId' in e.data && e.data.userId === 13) throw new Error('handler bug');
        got.push(e.id);
      },
    });
    const deadline = Date.now() + 5000;
    while (got.length < 1 && Date.now() < deadline) await Bun.sleep(20);
    await sub.stop();
    expect(got).toEqual([good.id]);
    expect(deadLetters.map((d) => d.reason)).toEqual(['invalid-json', 'handler-failed']);
    expect(deadLetters[1]).toMatchObject({ topic: 'user.deleted', position: `outbox#2` });
    expect(deadLetters[1]?.error).toContain('handler bug');
  } finally {
    await s.drop();
  }
});

test('embedded mode on MySQL: an event committed after a later one (ids are taken at insert) is not skipped', async () => {
  const group = 'embedded-commit-order';
  const got: number[] = [];
  const sub = consumeFromDatabase({
    db: t.db,
    group,
    topics: ['user.deleted'],
    pollMs: 20,
    handler: async (_trx, e) => void got.push((e.data as { userId: number }).userId),
  });
  const waitFor = async (n: number) => {
    const deadline = Date.now() + 5000;
    while (got.length < n && Date.now() < deadline) await Bun.sleep(20);
  };
  try {
    await enqueueEvent(t.db, 'UserDeleted', { userId: 100 });
    await waitFor(1);
    let commit = () => {};
    const committed = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let inserted = () => {};
    const insertedYet = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    // Takes its id first, commits last: like a slow request's transaction.
    const slow = t.db.transaction().execute(async (trx) => {
      await enqueueEvent(trx, 'UserDeleted', { userId: 101 });
      inserted();
      await committed;
    });
    await insertedYet;
    await enqueueEvent(t.db, 'UserDeleted', { userId: 102 });
    await Bun.sleep(200); // the consumer polls meanwhile and sees 102 but not 101
    commit();
    await slow;
    await waitFor(3);
  } finally {
    await sub.stop();
  }
  expect(got).toEqual([100, 101, 102]);
});

test('embedded mode on MySQL: a gap left by a rolled-back transaction is passed after gapWaitMs', async () => {
  const got: number[] = [];
  const sub = consumeFromDatabase({
    db: t.db,
    group: 'embedded-rollback-gap',
    topics: ['user.deleted'],
    pollMs: 20,
    gapWaitMs: 100,
    handler: async (_trx, e) => void got.push((e.data as { userId: number }).userId),
  });
  try {
    await enqueueEvent(t.db, 'UserDeleted', { userId: 200 });
    const rolledBack = t.db.transaction().execute(async (trx) => {
      await enqueueEvent(trx, 'UserDeleted', { userId: 201 });
      throw new Error('rolled back');
    });
    await expect(rolledBack).rejects.toThrow('rolled back');
    await enqueueEvent(t.db, 'UserDeleted', { userId: 202 });
    const deadline = Date.now() + 5000;
    while (!got.includes(202) && Date.now() < deadline) await Bun.sleep(20);
  } finally {
    await sub.stop();
  }
  expect(got.filter((id) => id >= 200)).toEqual([200, 202]);
});

test('a handler that keeps losing lock races is retried later, never dead-lettered (the event is not bad)', async () => {
  const s = await createSqliteTestDb();
  try {
    const e = await enqueueEvent(s.db, 'UserDeleted', { userId: 21 });
    let calls = 0;
    const got: string[] = [];
    const deadLetters: DeadLetter[] = [];
    const sub = consumeFromDatabase({
      db: s.db,
      group: 'embedded-deadlocks',
      topics: ['user.deleted'],
      pollMs: 20,
      retry: { maxAttempts: 2, backoffMs: 1 },
      onDeadLetter: (d) => deadLetters.push(d),
      handler: async (_trx, ev) => {
        // Six deadlocks in a row (say, the user's cart busy with a merge), then it goes through.
        if (++calls <= 6) throw Object.assign(new Error('Deadlock found when trying to get lock'), { errno: 1213 });
        got.push(ev.id);
      },
    });
    const deadline = Date.now() + 10_000;
    while (got.length < 1 && deadLetters.length === 0 && Date.now() < deadline) await Bun.sleep(20);
    await sub.stop();
    expect(deadLetters).toEqual([]);
    expect(got).toEqual([e.id]);
  } finally {
    await s.drop();
  }
});
