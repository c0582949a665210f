import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Db, findUserById, pendingOutboxRows } from '@greencommerce/db';
import type { DomainEvent } from '@greencommerce/events';
import { createLogger } from '@greencommerce/http';
import { localStorage } from '@greencommerce/media';
import { createSqliteTestDb, LIMIT_WINDOW_MS } from '@greencommerce/testing';
import { createApp, createTestUsers, expectError, newUser, testVerifier } from './support';

// Each email change mails a link to an address the caller chose: without a limit, one account could
// make the shop mail any number of strangers (and hold each address in turn).
type Env = { app: ReturnType<typeof createApp>; db: Db; drop: () => Promise<void> };
const config = { emailChangeLimit: 3, emailChangeWindowMs: LIMIT_WINDOW_MS };

async function usersOn(dialect: 'mariadb' | 'sqlite'): Promise<Env> {
  if (dialect === 'mariadb') return createTestUsers('users_email_change_limit', config);
  const t = await createSqliteTestDb();
  const dir = mkdtempSync(path.join(tmpdir(), 'gc-limit-'));
  const app = createApp({
    db: t.db,
    logger: createLogger('users', { level: 'silent' }),
    verifyToken: testVerifier(),
    storage: localStorage(dir, 'http://users.test'),
    mediaDir: dir,
    config: {
      corsOrigins: [],
      maxUploadBytes: 1024 * 1024,
      maxPixels: 1_000_000,
      uploadTmpDir: path.join(dir, '.uploads'),
      uploadConcurrency: 2,
      uploadQueueLimit: 4,
      ...config,
    },
  });
  return {
    app,
    db: t.db,
    drop: async () => {
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each(['mariadb', 'sqlite'] as const)('email changes are limited per account, on %s', (dialect) => {
  let u: Env;
  beforeAll(async () => {
    u = await usersOn(dialect);
  });
  afterAll(async () => {
    await u.drop();
  });
  const update = (token: string, body: unknown) =>
    u.app.request('/user/update', {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const linksMailed = async (userId: number) =>
    (await pendingOutboxRows(u.db, 100_000))
      .map((r) => JSON.parse(r.payload) as DomainEvent)
      .filter((e) => e.event === 'EmailVerificationRequested' && e.data.userId === userId).length;

  test('the change past the limit is a 429 that changes nothing and mails nobody; other fields still change', async () => {
    const user = await newUser(u.db);
    for (let i = 1; i <= 3; i++) expect((await update(user.token, { email: `n${i}.${user.email}` })).status).toBe(200);
    const res = await update(user.token, { email: `stranger.${user.email}` });
    await expectError(res, 429, 'TOO_MANY_REQUESTS');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await findUserById(u.db, user.id))?.email).toBe(`n3.${user.email}`);
    expect(await linksMailed(user.id)).toBe(3);
    // The same address sent back (the whole form) is no change, and counts nothing.
    expect((await update(user.token, { email: `n3.${user.email}`, name: 'Eva' })).status).toBe(200);
    expect((await findUserById(u.db, user.id))?.name).toBe('Eva');
    // Another account has its own budget.
    const other = await newUser(u.db);
    expect((await update(other.token, { email: `n1.${other.email}` })).status).toBe(200);
  });
});
