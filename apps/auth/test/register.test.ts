import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { findUserByEmail, pendingOutboxRows } from '@greencommerce/db';
import { createTestAuth, expectError, postJson, registration, type TestAuth, uniqueEmail } from './support';

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth('auth_register');
});
afterAll(async () => {
  await auth.drop();
});

describe('POST /auth/register', () => {
  test('accepts the original client payload (numeric strings), answers 201 with the public user, stores argon2id', async () => {
    const email = uniqueEmail();
    const res = await postJson(auth.app, '/auth/register', registration(email.toUpperCase()));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      name: 'Ana',
      lastName: 'Pérez',
      dayBirth: 15,
      monthBirth: 2,
      yearBirth: 1990,
      email,
      profileImage: null,
      role: 'customer', // admin only ever through `npm run admin:grant`
    });
    expect(JSON.stringify(body)).not.toContain('password');
    const row = await findUserByEmail(auth.db, email);
    expect(row?.password.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
  });

  test('writes UserRegistered to the outbox in the same transaction', async () => {
    const email = uniqueEmail();
    const res = await postJson(auth.app, '/auth/register', registration(email));
    const { id } = await res.json();
    const events = (await pendingOutboxRows(auth.db, 1000)).map((r) => JSON.parse(r.payload));
    expect(events.filter((e) => e.event === 'UserRegistered' && e.data.userId === id)).toEqual([
      expect.objectContaining({
        event: 'UserRegistered',
        version: 1,
        data: { userId: id, email, name: registration(email).name, locale: 'es' },
      }),
    ]);
  });

  test.each([
    ['an impossible date', { dayBirth: '31', monthBirth: '2' }, 'dayBirth'],
    ['a future date', { yearBirth: String(new Date().getUTCFullYear() + 1) }, 'yearBirth'],
    ['an implausible age', { yearBirth: '1800' }, 'yearBirth'],
    ['letters in the phone', { phoneNumber: '09912abc' }, 'phoneNumber'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['a short password', { password: 'short' }, 'password'],
    ['a long password', { password: 'x'.repeat(129) }, 'password'],
    ['an unknown gender', { gender: 'X' }, 'gender'],
    ['a non-numeric day', { dayBirth: 'quince' }, 'dayBirth'],
    ['a control character in the name', { name: 'A\u0000' }, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
  ])('rejects %s with 400 naming the field, and writes nothing', async (_, override, field) => {
    const email = uniqueEmail();
    const res = await postJson(auth.app, '/auth/register', registration(email, override));
    const err = await expectError(res, 400, 'VALIDATION_FAILED');
    expect(err.details?.map((d) => d.path)).toContain(field);
    expect(await findUserByEmail(auth.db, email)).toBeUndefined();
  });

  test('a duplicate email (any case) is 409 and leaves the first account as it was', async () => {
    const email = uniqueEmail();
    expect((await postJson(auth.app, '/auth/register', registration(email))).status).toBe(201);
    const before = await findUserByEmail(auth.db, email);
    await expectError(
      await postJson(auth.app, '/auth/register', registration(email.toUpperCase(), { name: 'Other' })),
      409,
      'CONFLICT',
    );
    expect(await findUserByEmail(auth.db, email)).toEqual(before);
  });

  test('concurrent registrations of one email: exactly one 201, the rest 409, one row, one event', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => postJson(auth.app, '/auth/register', registration(email))),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const rows = await auth.db.selectFrom('users').select('id').where('email', '=', email).execute();
    expect(rows).toHaveLength(1);
    const events = (await pendingOutboxRows(auth.db, 1000))
      .map((r) => JSON.parse(r.payload))
      .filter((e) => e.data.email === email)
      .map((e) => e.event);
    expect(events.sort()).toEqual(['EmailVerificationRequested', 'UserRegistered']);
  });

  test('unicode names round-trip', async () => {
    const email = uniqueEmail();
    const res = await postJson(
      auth.app,
      '/auth/register',
      registration(email, { name: 'Zoë 😀 Ñandú', lastName: '山田' }),
    );
    expect(res.status).toBe(201);
    expect((await findUserByEmail(auth.db, email))?.name).toBe('Zoë 😀 Ñandú');
  });

  test('registrations per client IP are limited: 429 with Retry-After, and nothing written', async () => {
    const limited = await createTestAuth('auth_register_ip', { limits: { registerIpLimit: 2 } });
    try {
      const from = (ip: string, email: string) =>
        postJson(limited.app, '/auth/register', registration(email), { 'x-forwarded-for': ip });
      expect((await from('198.51.100.7', uniqueEmail())).status).toBe(201);
      expect((await from('198.51.100.7', uniqueEmail())).status).toBe(201);
      const email = uniqueEmail();
      const res = await from('198.51.100.7', email);
      await expectError(res, 429, 'TOO_MANY_REQUESTS');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await findUserByEmail(limited.db, email)).toBeUndefined();
      expect((await from('198.51.100.8', email)).status).toBe(201);
    } finally {
      await limited.drop();
    }
  });
});
