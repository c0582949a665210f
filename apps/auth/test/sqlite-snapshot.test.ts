import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Db } from '@greencommerce/db';
import { type KyselyPlugin, SelectQueryNode } from 'kysely';
import { createApp, createTestAuth, postJson, registerAndLogin, type TestAuth, uniqueEmail } from './support';

/**
 * The embedded SQLite file is shared by several processes (auth, users, notifications, …). A
 * transaction that reads first and writes later fails with SQLITE_BUSY_SNAPSHOT when another process
 * wrote in between (busy_timeout cannot help): a 500. Transactions that lock the account's row
 * (findUserForUpdate) must take the write lock with that first statement. Here a second connection
 * (another process's) writes right after the n-th read of the users table.
 */
let auth: TestAuth;
let other: Database;
let app: ReturnType<typeof createApp>;
let armedAt = 0;

beforeAll(async () => {
  auth = await createTestAuth('auth_sqlite_snapshot', {}, { dialect: 'sqlite' });
  other = new Database(auth.dbUrl);
  other.exec('PRAGMA busy_timeout = 0');
  other.exec('CREATE TABLE IF NOT EXISTS other_process (x INTEGER)');
  const nodes = new WeakMap<object, unknown>();
  const interleave: KyselyPlugin = {
    transformQuery: (a) => {
      nodes.set(a.queryId, a.node);
      return a.node;
    },
    async transformResult(a) {
      const node = nodes.get(a.queryId) as SelectQueryNode | undefined;
      const table = node && SelectQueryNode.is(node) ? JSON.stringify(node.from?.froms ?? []) : '';
      if (armedAt > 0 && table.includes('"users"') && --armedAt === 0) {
        try {
          other.prepare('INSERT INTO other_process VALUES (1)').run();
        } catch (err) {
          // The transaction already holds the write lock: the other process waits its turn (busy).
          if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY') !== true) throw err;
        }
      }
      return a.result;
    },
  };
  app = createApp({ ...auth.deps, db: auth.db.withPlugin(interleave) as Db });
});
afterAll(async () => {
  other.close();
  await auth.drop();
});

test('a resend, with another process writing after it read the account, is 202', async () => {
  const s = await registerAndLogin(auth.app, uniqueEmail('snap'));
  armedAt = 1;
  const res = await app.request('/auth/verify-email/resend', {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}` },
  });
  expect(armedAt).toBe(0);
  expect(res.status).toBe(202);
});

test('a reset request, with another process writing after its transaction read the account, is 202', async () => {
  const s = await registerAndLogin(auth.app, uniqueEmail('snap'));
  // The first read is the lookup by address, outside the transaction; the second is in it.
  armedAt = 2;
  const res = await postJson(app, '/auth/password-reset', { email: s.email });
  expect(armedAt).toBe(0);
  expect(res.status).toBe(202);
});

test('a reset request for an unknown address, with another process writing in between, is 202', async () => {
  armedAt = 2;
  const res = await postJson(app, '/auth/password-reset', { email: uniqueEmail('nobody') });
  expect(armedAt).toBe(0);
  expect(res.status).toBe(202);
});
