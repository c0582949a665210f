import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { findUserByEmail, pendingOutboxRows } from '@greencommerce/db';
import type { DomainEvent } from '@greencommerce/events';
import {
  createApp,
  createTestAuth,
  expectError,
  HOUR,
  postJson,
  registerAndLogin,
  registration,
  type TestAuth,
  uniqueEmail,
} from './support';

// Computed here, not with the app's own helper, so the test states what the storage must be.
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';

describe.each(['mariadb', 'sqlite'] as const)('verification and reset links, on %s', (dialect) => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await createTestAuth(`auth_links_${dialect}`, {}, { dialect });
  });
  afterAll(async () => {
    await auth.drop();
  });

  /** The outbox's events about one account, oldest first. */
  async function eventsOf(userId: number): Promise<DomainEvent[]> {
    return (await pendingOutboxRows(auth.db, 10_000))
      .map((r) => JSON.parse(r.payload) as DomainEvent)
      .filter((e) => 'userId' in e.data && e.data.userId === userId);
  }
  async function lastEvent<E extends DomainEvent['event']>(userId: number, name: E) {
    const found = (await eventsOf(userId)).filter((e): e is Extract<DomainEvent, { event: E }> => e.event === name);
    const last = found.at(-1);
    if (!last) throw new Error(`no ${name} for user ${userId}`);
    return last;
  }
  async function registered(email = uniqueEmail('links'), headers: Record<string, string> = {}) {
    const res = await postJson(auth.app, '/auth/register', registration(email), headers);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    return { id, email };
  }
  const verify = (token: string, app = auth.app) => postJson(app, '/auth/verify-email', { token });
  const resend = (bearer: string, app = auth.app) =>
    app.request('/auth/verify-email/resend', { method: 'POST', headers: { authorization: `Bearer ${bearer}` } });
  const requestReset = (email: string, app = auth.app, ip = '203.0.113.7') =>
    postJson(app, '/auth/password-reset', { email }, { 'x-forwarded-for': ip });
  const confirm = (token: string, password = NEW_PASSWORD, app = auth.app) =>
    postJson(app, '/auth/password-reset/confirm', { token, password });
  const login = (email: string, password: string) => postJson(auth.app, '/auth/login', { email, password });
  const refresh = (refreshToken: string) => postJson(auth.app, '/auth/refresh', { refreshToken });
  /** The app as it would run at `ms` from now: how expiry is tested without waiting. */
  const appAt = (ms: number) => createApp({ ...auth.deps, clock: () => new Date(Date.now() + ms) });

  describe('registration', () => {
    test('emits UserRegistered (name, locale) and one EmailVerificationRequested whose token is stored only as a hash', async () => {
      const { id, email } = await registered();
      const events = await eventsOf(id);
      expect(events.map((e) => e.event)).toEqual(['UserRegistered', 'EmailVerificationRequested']);
      expect(events[0]?.data).toEqual({ userId: id, email, name: 'Ana', locale: 'es' });
      const request = await lastEvent(id, 'EmailVerificationRequested');
      expect(request.data).toMatchObject({ userId: id, email, name: 'Ana', locale: 'es', reason: 'registration' });
      expect(request.data.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const hoursLeft = (Date.parse(request.data.expiresAt) - Date.now()) / HOUR;
      expect(hoursLeft).toBeGreaterThan(23.9);
      expect(hoursLeft).toBeLessThanOrEqual(24);
      const rows = await auth.db.selectFrom('account_tokens').selectAll().where('user_id', '=', id).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ purpose: 'verify_email', token_hash: sha256(request.data.token), email });
      expect(JSON.stringify(rows)).not.toContain(request.data.token);
      expect(Boolean((await findUserByEmail(auth.db, email))?.email_verified)).toBe(false);
    });

    test.each([
      ['en-US,en;q=0.9', 'en'],
      ['en', 'en'],
      ['es-EC,es;q=0.9,en;q=0.8', 'es'],
      ['en;q=0.5,es;q=0.8', 'es'],
      ['fr-FR,en;q=0.7', 'en'],
      ['fr-FR', 'es'],
      ['en;q=0', 'es'],
      ['', 'es'],
    ] as [string, 'es' | 'en'][])('Accept-Language %p gives locale %p', async (header, locale) => {
      const { id, email } = await registered(uniqueEmail('lang'), { 'accept-language': header });
      expect((await findUserByEmail(auth.db, email))?.locale).toBe(locale);
      expect((await lastEvent(id, 'EmailVerificationRequested')).data.locale).toBe(locale);
      expect((await lastEvent(id, 'UserRegistered')).data.locale).toBe(locale);
    });
  });

  describe('POST /auth/verify-email', () => {
    test('verifies once; the token then reads true after a refresh; a second use is refused', async () => {
      const s = await registerAndLogin(auth.app, uniqueEmail('verify'));
      const user = await findUserByEmail(auth.db, s.email);
      const { token } = (await lastEvent(user!.id, 'EmailVerificationRequested')).data;
      expect((await auth.deps.verifyToken(s.token)).emailVerified).toBe(false);

      const res = await verify(token);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ message: 'Email verified' });
      expect(Boolean((await findUserByEmail(auth.db, s.email))?.email_verified)).toBe(true);
      expect((await lastEvent(user!.id, 'UserUpdated')).data.changedFields).toEqual(['emailVerified']);

      const next = await (await refresh(s.refreshToken)).json();
      expect(await auth.deps.verifyToken(next.token)).toMatchObject({ userId: user!.id, emailVerified: true });
      const relogin = await (await login(s.email, PASSWORD)).json();
      expect((await auth.deps.verifyToken(relogin.token)).emailVerified).toBe(true);

      await expectError(await verify(token), 400, 'BAD_REQUEST');
    });

    test('an unknown, a reset, or a malformed token is refused with the same answer as a spent one', async () => {
      const { id } = await registered();
      await requestReset(
        (await auth.db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email,
      );
      const resetToken = (await lastEvent(id, 'PasswordResetRequested')).data.token;
      const bodies = new Set<string>();
      for (const token of ['x'.repeat(43), resetToken, 'not a token']) {
        const res = await verify(token);
        expect(res.status).toBe(400);
        const { error } = await res.json();
        bodies.add(`${error.code} ${error.message}`);
      }
      expect([...bodies]).toEqual(['BAD_REQUEST This link is invalid or has expired']);
      expect(
        Boolean(
          (await auth.db.selectFrom('users').select('email_verified').where('id', '=', id).executeTakeFirst())
            ?.email_verified,
        ),
      ).toBe(false);
    });

    test('expires after 24 hours', async () => {
      const { id, email } = await registered();
      const { token } = (await lastEvent(id, 'EmailVerificationRequested')).data;
      await expectError(await verify(token, appAt(24 * HOUR + 1000)), 400, 'BAD_REQUEST');
      expect(Boolean((await findUserByEmail(auth.db, email))?.email_verified)).toBe(false);
      // Not spent by the refusal: still good within its day.
      expect((await verify(token, appAt(23 * HOUR))).status).toBe(200);
    });

    test('two concurrent uses of one token: exactly one succeeds', async () => {
      const { id } = await registered();
      const { token } = (await lastEvent(id, 'EmailVerificationRequested')).data;
      const statuses = (await Promise.all(Array.from({ length: 5 }, () => verify(token)))).map((r) => r.status);
      expect(statuses.sort()).toEqual([200, 400, 400, 400, 400]);
    });
  });

  describe('POST /auth/verify-email/resend', () => {
    test('mails a new link; the earlier one stops working; 409 once verified', async () => {
      const s = await registerAndLogin(auth.app, uniqueEmail('resend'));
      const user = await findUserByEmail(auth.db, s.email);
      const first = (await lastEvent(user!.id, 'EmailVerificationRequested')).data.token;
      const res = await resend(s.token);
      expect(res.status).toBe(202);
      const second = await lastEvent(user!.id, 'EmailVerificationRequested');
      expect(second.data).toMatchObject({ email: s.email, reason: 'resend' });
      expect(second.data.token).not.toBe(first);
      await expectError(await verify(first), 400, 'BAD_REQUEST');
      expect((await verify(second.data.token)).status).toBe(200);
      await expectError(await resend(s.token), 409, 'CONFLICT');
    });

    test('needs a bearer token', async () => {
      await expectError(await auth.app.request('/auth/verify-email/resend', { method: 'POST' }), 401, 'UNAUTHORIZED');
    });

    test('is limited per account: 429 with Retry-After, and no link mailed', async () => {
      const limited = createApp({
        ...auth.deps,
        config: { ...auth.deps.config, limits: { ...auth.deps.config.limits, verifyResendLimit: 2 } },
      });
      const s = await registerAndLogin(auth.app, uniqueEmail('resend-limit'));
      const user = await findUserByEmail(auth.db, s.email);
      expect((await resend(s.token, limited)).status).toBe(202);
      expect((await resend(s.token, limited)).status).toBe(202);
      const res = await resend(s.token, limited);
      await expectError(res, 429, 'TOO_MANY_REQUESTS');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const requests = (await eventsOf(user!.id)).filter((e) => e.event === 'EmailVerificationRequested');
      expect(requests).toHaveLength(3); // registration's and two resends
    });
  });

  describe('POST /auth/password-reset', () => {
    test('answers byte-identically for an account and an unknown address; only the account gets an event', async () => {
      const { id, email } = await registered();
      const unknown = uniqueEmail('nobody');
      const before = (await pendingOutboxRows(auth.db, 10_000)).length;
      const known = await requestReset(email);
      const missing = await requestReset(unknown);
      expect(known.status).toBe(202);
      expect(missing.status).toBe(202);
      const knownBody = new Uint8Array(await known.arrayBuffer());
      const missingBody = new Uint8Array(await missing.arrayBuffer());
      expect(missingBody).toEqual(knownBody);
      expect(missing.headers.get('content-type')).toBe(known.headers.get('content-type'));
      expect(JSON.parse(new TextDecoder().decode(knownBody))).toEqual({
        message: 'If an account exists for this address, a link to reset its password is on its way',
      });
      const after = (await pendingOutboxRows(auth.db, 10_000)).slice(before).map((r) => JSON.parse(r.payload));
      expect(after.map((e) => e.event)).toEqual(['PasswordResetRequested']);
      expect(after[0].data).toMatchObject({ userId: id, email, name: 'Ana', locale: 'es' });
      expect(JSON.stringify(after)).not.toContain(unknown);
      // The same writes either way: a token row each (the unknown address's a decoy with no user and no address).
      const decoys = await auth.db.selectFrom('account_tokens').selectAll().where('user_id', 'is', null).execute();
      expect(decoys.length).toBeGreaterThan(0);
      expect(JSON.stringify(decoys)).not.toContain(unknown);
    });

    test('a malformed address is a 400 (it says nothing about accounts)', async () => {
      await expectError(await requestReset('not-an-email'), 400, 'VALIDATION_FAILED');
    });

    test('is limited per account (any spelling) and per client IP, alike for unknown addresses', async () => {
      const limited = createApp({
        ...auth.deps,
        config: { ...auth.deps.config, limits: { ...auth.deps.config.limits, resetEmailLimit: 2, resetIpLimit: 3 } },
      });
      const { email } = await registered();
      const unknown = uniqueEmail('nobody');
      for (const address of [email, unknown]) {
        expect((await requestReset(address, limited, '198.51.100.1')).status).toBe(202);
        expect((await requestReset(address.toUpperCase(), limited, '198.51.100.2')).status).toBe(202);
        await expectError(await requestReset(address, limited, '198.51.100.3'), 429, 'TOO_MANY_REQUESTS');
      }
      const ip = '198.51.100.9';
      for (let i = 0; i < 3; i++) expect((await requestReset(uniqueEmail('ip'), limited, ip)).status).toBe(202);
      await expectError(await requestReset(uniqueEmail('ip'), limited, ip), 429, 'TOO_MANY_REQUESTS');
    });
  });

  describe('POST /auth/password-reset/confirm', () => {
    test('sets the new password, revokes every session and writes PasswordChanged, once', async () => {
      const s = await registerAndLogin(auth.app, uniqueEmail('reset'));
      const other = await (await login(s.email, PASSWORD)).json();
      const user = await findUserByEmail(auth.db, s.email);
      expect((await requestReset(s.email)).status).toBe(202);
      const { token, expiresAt } = (await lastEvent(user!.id, 'PasswordResetRequested')).data;
      const minutesLeft = (Date.parse(expiresAt) - Date.now()) / 60_000;
      expect(minutesLeft).toBeGreaterThan(29);
      expect(minutesLeft).toBeLessThanOrEqual(30);

      const res = await confirm(token);
      expect(res.status).toBe(200);
      expect((await login(s.email, NEW_PASSWORD)).status).toBe(200);
      await expectError(await login(s.email, PASSWORD), 401, 'UNAUTHORIZED');
      await expectError(await refresh(s.refreshToken), 401, 'UNAUTHORIZED');
      await expectError(await refresh(other.refreshToken), 401, 'UNAUTHORIZED');
      expect((await lastEvent(user!.id, 'PasswordChanged')).data).toEqual({
        userId: user!.id,
        email: s.email,
        name: 'Ana',
        locale: 'es',
        reason: 'reset',
      });
      // The link was mailed to the current address: following it proved the address too.
      expect(Boolean((await findUserByEmail(auth.db, s.email))?.email_verified)).toBe(true);

      await expectError(await confirm(token, 'yet another passphrase'), 400, 'BAD_REQUEST');
      expect((await login(s.email, NEW_PASSWORD)).status).toBe(200);
    });

    test('a password too short is refused like at registration, and the link stays usable', async () => {
      const { id, email } = await registered();
      await requestReset(email);
      const { token } = (await lastEvent(id, 'PasswordResetRequested')).data;
      const res = await confirm(token, 'short');
      await expectError(res, 400, 'VALIDATION_FAILED');
      expect((await confirm(token)).status).toBe(200);
    });

    test('expires after 30 minutes; a newer request supersedes an older link; a wrong token changes nothing', async () => {
      const { id, email } = await registered();
      await requestReset(email);
      const older = (await lastEvent(id, 'PasswordResetRequested')).data.token;
      await requestReset(email);
      const newer = (await lastEvent(id, 'PasswordResetRequested')).data.token;
      await expectError(await confirm(older), 400, 'BAD_REQUEST');
      await expectError(await confirm(newer, NEW_PASSWORD, appAt(30 * 60_000 + 1000)), 400, 'BAD_REQUEST');
      await expectError(await confirm('x'.repeat(43)), 400, 'BAD_REQUEST');
      expect((await login(email, PASSWORD)).status).toBe(200);
      expect((await eventsOf(id)).some((e) => e.event === 'PasswordChanged')).toBe(false);
      expect((await confirm(newer, NEW_PASSWORD, appAt(29 * 60_000))).status).toBe(200);
    });

    test('two concurrent uses of one link: exactly one succeeds, one PasswordChanged', async () => {
      const { id, email } = await registered();
      await requestReset(email);
      const { token } = (await lastEvent(id, 'PasswordResetRequested')).data;
      const statuses = (await Promise.all(Array.from({ length: 4 }, () => confirm(token)))).map((r) => r.status);
      expect(statuses.sort()).toEqual([200, 400, 400, 400]);
      expect((await eventsOf(id)).filter((e) => e.event === 'PasswordChanged')).toHaveLength(1);
    });
  });

  test('POST /auth/password (signed in) writes PasswordChanged with reason change', async () => {
    const s = await registerAndLogin(auth.app, uniqueEmail('change'));
    const user = await findUserByEmail(auth.db, s.email);
    const res = await auth.app.request('/auth/password', {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect((await lastEvent(user!.id, 'PasswordChanged')).data.reason).toBe('change');
  });
});
