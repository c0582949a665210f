import { afterAll, beforeAll, describe, expect, spyOn, test } from 'bun:test';
import { findUserByEmail, insertUser } from '@greencommerce/db';
import {
  createApp,
  createTestAuth,
  expectError,
  LIMIT_WINDOW_MS,
  postJson,
  registerAndLogin,
  registration,
  type TestAuth,
  uniqueEmail,
} from './support';

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth('auth_login', {
    limits: { ipLimit: 1000, ipWindowMs: LIMIT_WINDOW_MS, accountFailureLimit: 3, accountWindowMs: LIMIT_WINDOW_MS },
  });
});
afterAll(async () => {
  await auth.drop();
});

describe('POST /auth/login', () => {
  test('returns the original `token` plus tokenType, expiresIn and a refresh token; the token verifies', async () => {
    const s = await registerAndLogin(auth.app);
    expect(s.expiresIn).toBe(900);
    expect(s.refreshToken.length).toBeGreaterThan(30);
    const principal = await auth.deps.verifyToken(s.token);
    const row = await findUserByEmail(auth.db, s.email);
    expect(principal).toEqual({ userId: row!.id, email: s.email, roles: ['customer'], emailVerified: false });
    const [header, payload] = s.token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'ES256', kid: auth.keys[0]!.kid });
    expect(payload.sub).toBe(String(row!.id));
    expect(payload.roles).toEqual(['customer']);
    expect(payload.exp - payload.iat).toBe(900);
  });

  test('unknown email and wrong password give the same 401, and both run a password verification', async () => {
    const { email } = await registerAndLogin(auth.app);
    const verify = spyOn(auth.deps.hasher, 'verify');
    const wrong = await postJson(
      auth.app,
      '/auth/login',
      { email, password: 'wrong password' },
      { 'x-forwarded-for': '10.0.0.1' },
    );
    const unknown = await postJson(
      auth.app,
      '/auth/login',
      { email: uniqueEmail('ghost'), password: 'wrong password' },
      { 'x-forwarded-for': '10.0.0.1' },
    );
    expect(verify).toHaveBeenCalledTimes(2);
    verify.mockRestore();
    const a = await expectError(wrong, 401, 'UNAUTHORIZED');
    const b = await expectError(unknown, 401, 'UNAUTHORIZED');
    expect(a.message).toBe('Invalid credentials');
    expect(b.message).toBe(a.message);
  });

  test('missing or blank fields are 400', async () => {
    await expectError(await postJson(auth.app, '/auth/login', { email: '', password: 'x' }), 400, 'VALIDATION_FAILED');
    await expectError(await postJson(auth.app, '/auth/login', { email: 'a@b.co' }), 400, 'VALIDATION_FAILED');
  });

  test('account failures past the limit give 429 with Retry-After, even with the right password', async () => {
    const { email } = await registerAndLogin(auth.app);
    for (let i = 0; i < 3; i++) {
      await expectError(await postJson(auth.app, '/auth/login', { email, password: 'nope nope' }), 401);
    }
    const res = await postJson(auth.app, '/auth/login', { email, password: 'correct horse battery' });
    await expectError(res, 429, 'TOO_MANY_REQUESTS');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test('every spelling the database matches to one account shares its failure limit', async () => {
    // MariaDB compares emails under utf8mb4_unicode_ci: accents and ignorable characters (a zero-width
    // space) do not count, so these all find the same account; each must not get a budget of its own.
    const { email } = await registerAndLogin(auth.app);
    const spellings = [email, email.replace('@', '\u200b@'), email.replace('e', 'é'), email.replace('e', 'ê')];
    for (const spelling of spellings) {
      expect((await findUserByEmail(auth.db, spelling))?.email).toBe(email);
    }
    for (const spelling of spellings.slice(0, 3)) {
      await expectError(await postJson(auth.app, '/auth/login', { email: spelling, password: 'nope nope' }), 401);
    }
    const res = await postJson(auth.app, '/auth/login', { email: spellings[3], password: 'correct horse battery' });
    await expectError(res, 429, 'TOO_MANY_REQUESTS');
  });

  test('the limiter state lives in the database: two instances share it', async () => {
    // A second app over the same database, as a second instance would be.
    const second = createApp(auth.deps);
    const { email } = await registerAndLogin(auth.app);
    await expectError(await postJson(auth.app, '/auth/login', { email, password: 'bad password 1' }), 401);
    await expectError(await postJson(second, '/auth/login', { email, password: 'bad password 2' }), 401);
    await expectError(await postJson(auth.app, '/auth/login', { email, password: 'bad password 3' }), 401);
    await expectError(await postJson(second, '/auth/login', { email, password: 'correct horse battery' }), 429);
  });

  test('a success clears the account failure count', async () => {
    const { email } = await registerAndLogin(auth.app);
    for (let i = 0; i < 2; i++) await postJson(auth.app, '/auth/login', { email, password: 'bad password' });
    expect((await postJson(auth.app, '/auth/login', { email, password: 'correct horse battery' })).status).toBe(200);
    for (let i = 0; i < 2; i++) await postJson(auth.app, '/auth/login', { email, password: 'bad password' });
    expect((await postJson(auth.app, '/auth/login', { email, password: 'correct horse battery' })).status).toBe(200);
  });

  test('a bcrypt hash imported from the original system verifies and is upgraded to argon2id', async () => {
    const email = uniqueEmail('legacy');
    await insertUser(auth.db, {
      name: 'Legacy',
      last_name: 'User',
      day_birth: 1,
      month_birth: 1,
      year_birth: 1980,
      gender: 'Otro',
      phone_number: '0990000000',
      email,
      password: await Bun.password.hash('old password', { algorithm: 'bcrypt', cost: 4 }),
    });
    expect((await postJson(auth.app, '/auth/login', { email, password: 'old password' })).status).toBe(200);
    expect((await findUserByEmail(auth.db, email))?.password.startsWith('$argon2id$')).toBe(true);
    expect((await postJson(auth.app, '/auth/login', { email, password: 'old password' })).status).toBe(200);
  });
});

describe('per-IP rate limit', () => {
  test('attempts from one IP past the limit are 429; another IP is unaffected', async () => {
    const limited = await createTestAuth('auth_ip', {
      limits: { ipLimit: 3, ipWindowMs: LIMIT_WINDOW_MS, accountFailureLimit: 100, accountWindowMs: LIMIT_WINDOW_MS },
    });
    try {
      const email = uniqueEmail();
      await postJson(limited.app, '/auth/register', registration(email));
      const attempt = (ip: string) =>
        postJson(limited.app, '/auth/login', { email, password: 'correct horse battery' }, { 'x-forwarded-for': ip });
      for (let i = 0; i < 3; i++) expect((await attempt('192.0.2.1')).status).toBe(200);
      const res = await attempt('192.0.2.1');
      await expectError(res, 429, 'TOO_MANY_REQUESTS');
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect((await attempt('192.0.2.2')).status).toBe(200);
    } finally {
      await limited.drop();
    }
  });

  test('rotating spoofed X-Forwarded-For entries does not escape it: the proxy-appended one counts', async () => {
    const limited = await createTestAuth('auth_ip_spoof', {
      trustedProxyHops: 1,
      limits: { ipLimit: 3, ipWindowMs: LIMIT_WINDOW_MS, accountFailureLimit: 100, accountWindowMs: LIMIT_WINDOW_MS },
    });
    try {
      const email = uniqueEmail();
      await postJson(limited.app, '/auth/register', registration(email));
      // The client writes whatever it likes; our one proxy appends the address it saw (198.51.100.9).
      const attempt = (i: number) =>
        postJson(
          limited.app,
          '/auth/login',
          { email, password: 'correct horse battery' },
          { 'x-forwarded-for': `10.1.${i}.1, 172.16.0.${i}, 198.51.100.9` },
        );
      for (let i = 0; i < 3; i++) expect((await attempt(i)).status).toBe(200);
      await expectError(await attempt(3), 429, 'TOO_MANY_REQUESTS');
      await expectError(await attempt(4), 429, 'TOO_MANY_REQUESTS');
    } finally {
      await limited.drop();
    }
  });

  test('a new IPv6 address from the same /64, or a new source port, is the same client', async () => {
    const limited = await createTestAuth('auth_ip_v6', {
      trustedProxyHops: 1,
      limits: { ipLimit: 3, ipWindowMs: LIMIT_WINDOW_MS, accountFailureLimit: 100, accountWindowMs: LIMIT_WINDOW_MS },
    });
    try {
      const email = uniqueEmail();
      await postJson(limited.app, '/auth/register', registration(email));
      const attempt = (forwardedFor: string) =>
        postJson(
          limited.app,
          '/auth/login',
          { email, password: 'correct horse battery' },
          { 'x-forwarded-for': forwardedFor },
        );
      // One subscriber's /64 holds 2^64 addresses: each request from a fresh one must not be a fresh budget.
      for (let i = 1; i <= 3; i++) expect((await attempt(`2001:db8:5:6::${i}`)).status).toBe(200);
      await expectError(await attempt('2001:db8:5:6:abcd::4'), 429, 'TOO_MANY_REQUESTS');
      expect((await attempt('2001:db8:5:7::1')).status).toBe(200);
      // Some proxies write the client's port, new on every connection.
      for (let port = 40000; port < 40003; port++) expect((await attempt(`203.0.113.5:${port}`)).status).toBe(200);
      await expectError(await attempt('203.0.113.5:40003'), 429, 'TOO_MANY_REQUESTS');
    } finally {
      await limited.drop();
    }
  });
});
