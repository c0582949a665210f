import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Db, findUserById, insertAccountToken, pendingOutboxRows, updateUser } from '@greencommerce/db';
import type { DomainEvent } from '@greencommerce/events';
import { createLogger } from '@greencommerce/http';
import { localStorage } from '@greencommerce/media';
import { createSqliteTestDb } from '@greencommerce/testing';
import { createApp, createTestUsers, expectError, newUser, testVerifier } from './support';

type Env = { app: ReturnType<typeof createApp>; db: Db; drop: () => Promise<void> };

/** The users app on MariaDB (with the real S3) or on the embedded SQLite (images in a folder). */
async function usersOn(dialect: 'mariadb' | 'sqlite'): Promise<Env> {
  if (dialect === 'mariadb') return createTestUsers('users_account_mail');
  const t = await createSqliteTestDb();
  const dir = mkdtempSync(path.join(tmpdir(), 'gc-mail-'));
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

describe.each(['mariadb', 'sqlite'] as const)('account mail settings, on %s', (dialect) => {
  let u: Env;
  beforeAll(async () => {
    u = await usersOn(dialect);
  });
  afterAll(async () => {
    await u.drop();
  });

  const send = (method: string, url: string, token: string | null, body: unknown) =>
    u.app.request(url, {
      method,
      headers: { ...(token && { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const info = async (token: string) =>
    (await u.app.request('/user/info', { headers: { authorization: `Bearer ${token}` } })).json();
  const eventsOf = async (userId: number, event: DomainEvent['event']) =>
    (await pendingOutboxRows(u.db, 10_000))
      .map((r) => JSON.parse(r.payload) as DomainEvent)
      .filter((e) => e.event === event && 'userId' in e.data && e.data.userId === userId);
  const tokensOf = (userId: number) =>
    u.db.selectFrom('account_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  const liveToken = (userId: number, purpose: 'verify_email' | 'password_reset', email: string) =>
    insertAccountToken(u.db, {
      id: crypto.randomUUID(),
      token_hash: crypto.randomUUID().replaceAll('-', '').padEnd(64, '0'),
      purpose,
      user_id: userId,
      email,
      expires_at: new Date(Date.now() + 3_600_000),
    });

  describe('PUT /user/update changing the email', () => {
    test('marks it unverified, mails a link to the new address, and retires the links sent to the old one', async () => {
      const user = await newUser(u.db);
      await updateUser(u.db, user.id, { email_verified: true, locale: 'en' });
      await liveToken(user.id, 'verify_email', user.email);
      await liveToken(user.id, 'password_reset', user.email);
      const email = `new.${user.email}`;

      const res = await send('PUT', '/user/update', user.token, { email });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ email, emailVerified: false });
      expect(Boolean((await findUserById(u.db, user.id))?.email_verified)).toBe(false);
      expect((await eventsOf(user.id, 'UserUpdated')).map((e) => e.data)).toEqual([
        { userId: user.id, changedFields: ['email', 'emailVerified'] },
      ]);
      const requests = await eventsOf(user.id, 'EmailVerificationRequested');
      expect(requests.map((e) => e.data)).toEqual([
        {
          userId: user.id,
          email,
          name: 'Ana',
          locale: 'en',
          token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          expiresAt: expect.any(String),
          reason: 'email_changed',
        },
      ]);
      const tokens = await tokensOf(user.id);
      expect(tokens.map((t) => [t.purpose, t.email, t.used_at === null])).toEqual(
        expect.arrayContaining([
          ['verify_email', user.email, false],
          ['password_reset', user.email, false],
          ['verify_email', email, true],
        ]),
      );
      expect(tokens.filter((t) => t.used_at === null)).toHaveLength(1);
    });

    test("the original client's whole form with the same email (any case) changes no verification", async () => {
      const user = await newUser(u.db);
      await updateUser(u.db, user.id, { email_verified: true });
      const form = {
        name: 'Ana María',
        lastName: 'Pérez',
        dayBirth: '15',
        monthBirth: '2',
        yearBirth: '1990',
        gender: 'Mujer',
        phoneNumber: '0991234567',
        email: user.email.toUpperCase(),
        profileImage: null,
        password: '',
      };
      const res = await send('PUT', '/user/update', user.token, form);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ name: 'Ana María', email: user.email, emailVerified: true });
      expect(await eventsOf(user.id, 'EmailVerificationRequested')).toEqual([]);
      expect(await tokensOf(user.id)).toEqual([]);
    });

    test('an email taken by another account is a 409 and mails nothing', async () => {
      const a = await newUser(u.db);
      const b = await newUser(u.db);
      await expectError(await send('PUT', '/user/update', b.token, { email: a.email }), 409, 'CONFLICT');
      expect(await eventsOf(b.id, 'EmailVerificationRequested')).toEqual([]);
      expect(await tokensOf(b.id)).toEqual([]);
    });
  });

  describe('PATCH /user/notifications', () => {
    test('turns non-essential mail off and on; /user/info shows it; one UserUpdated per real change', async () => {
      const user = await newUser(u.db);
      expect((await info(user.token)).notifications).toEqual({ marketing: true });

      const off = await send('PATCH', '/user/notifications', user.token, { marketing: false });
      expect(off.status).toBe(200);
      expect(await off.json()).toEqual({ marketing: false });
      expect(Boolean((await findUserById(u.db, user.id))?.marketing_opt_out)).toBe(true);
      expect((await info(user.token)).notifications).toEqual({ marketing: false });
      expect((await send('PATCH', '/user/notifications', user.token, { marketing: false })).status).toBe(200);
      expect((await eventsOf(user.id, 'UserUpdated')).map((e) => e.data)).toEqual([
        { userId: user.id, changedFields: ['notifications'] },
      ]);

      const on = await send('PATCH', '/user/notifications', user.token, { marketing: true });
      expect(await on.json()).toEqual({ marketing: true });
      expect(Boolean((await findUserById(u.db, user.id))?.marketing_opt_out)).toBe(false);
      expect(await eventsOf(user.id, 'UserUpdated')).toHaveLength(2);
    });

    test('refuses a missing or non-boolean flag, and a request without a token', async () => {
      const user = await newUser(u.db);
      for (const body of [{}, { marketing: 'false' }, { marketing: 0 }, { marketing: null }]) {
        await expectError(await send('PATCH', '/user/notifications', user.token, body), 400, 'VALIDATION_FAILED');
      }
      await expectError(await send('PATCH', '/user/notifications', null, { marketing: false }), 401, 'UNAUTHORIZED');
      expect(Boolean((await findUserById(u.db, user.id))?.marketing_opt_out)).toBe(false);
    });

    test('404 once the account is gone', async () => {
      const user = await newUser(u.db);
      await u.db.deleteFrom('users').where('id', '=', user.id).execute();
      await expectError(await send('PATCH', '/user/notifications', user.token, { marketing: false }), 404, 'NOT_FOUND');
    });
  });
});
