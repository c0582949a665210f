import { afterAll, beforeAll, describe, expect, setDefaultTimeout, spyOn, test } from 'bun:test';
import { AppError } from '@greencommerce/http';
import {
  createTestAuth,
  expectError,
  LIMIT_WINDOW_MS,
  postJson,
  registerAndLogin,
  registration,
  type TestAuth,
  UNLIMITED,
  uniqueEmail,
} from './support';

// Each test runs several argon2id hashes at OWASP's minimum cost: on a loaded machine that outlasts bun's 5 s default.
setDefaultTimeout(60_000);

const LIMIT = 5;

function statuses(responses: Response[]) {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

// The reservation is one conditional statement per dialect: both must hold a parallel burst to the limit.
for (const dialect of ['mariadb', 'sqlite'] as const) {
  describe(`failure limits under parallel requests, on ${dialect}`, () => {
    let auth: TestAuth;
    beforeAll(async () => {
      auth = await createTestAuth(
        'auth_attempts',
        { limits: { accountFailureLimit: LIMIT, accountWindowMs: LIMIT_WINDOW_MS } },
        { dialect },
      );
    });
    afterAll(async () => {
      await auth.drop();
    });

    test('40 parallel wrong passwords for one account: exactly `limit` are checked (401), the rest 429 unhashed', async () => {
      const email = uniqueEmail('burst');
      expect((await postJson(auth.app, '/auth/register', registration(email))).status).toBe(201);
      const verify = spyOn(auth.deps.hasher, 'verify');
      try {
        const responses = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            postJson(auth.app, '/auth/login', { email, password: `wrong password ${i}` }),
          ),
        );
        expect(statuses(responses)).toEqual({ 401: LIMIT, 429: 40 - LIMIT });
        expect(verify).toHaveBeenCalledTimes(LIMIT);
        const limited = responses.find((r) => r.status === 429)!;
        await expectError(limited, 429, 'TOO_MANY_REQUESTS');
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        verify.mockRestore();
      }
    });

    test('30 parallel right passwords for one account from one client: all log in', async () => {
      // Each success settles the account's attempts while the others count in it: no attempt may fail
      // on the others' row locks (the benchmark's shape: one account, many connections).
      const many = await createTestAuth(
        'auth_parallel_ok',
        {
          limits: {
            ipLimit: 1000,
            ipWindowMs: LIMIT_WINDOW_MS,
            accountFailureLimit: 1000,
            accountWindowMs: LIMIT_WINDOW_MS,
          },
        },
        { dialect },
      );
      try {
        const email = uniqueEmail('together');
        expect((await postJson(many.app, '/auth/register', registration(email))).status).toBe(201);
        const responses = await Promise.all(
          Array.from({ length: 30 }, () =>
            postJson(many.app, '/auth/login', { email, password: 'correct horse battery' }),
          ),
        );
        expect(statuses(responses)).toEqual({ 200: 30 });
      } finally {
        await many.drop();
      }
    });

    test('40 parallel wrong current passwords on POST /auth/password: `limit` are checked (403), the rest 429', async () => {
      const s = await registerAndLogin(auth.app);
      const headers = { authorization: `Bearer ${s.token}` };
      const verify = spyOn(auth.deps.hasher, 'verify');
      try {
        const responses = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            postJson(
              auth.app,
              '/auth/password',
              { currentPassword: `guess ${i}`, newPassword: 'a brand new password' },
              headers,
            ),
          ),
        );
        expect(statuses(responses)).toEqual({ 403: LIMIT, 429: 40 - LIMIT });
        expect(verify).toHaveBeenCalledTimes(LIMIT);
        const limited = responses.find((r) => r.status === 429)!;
        await expectError(limited, 429, 'TOO_MANY_REQUESTS');
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        verify.mockRestore();
      }
      // Locked for the window even with the right password; logging in is a separate budget.
      const right = { currentPassword: 'correct horse battery', newPassword: 'a brand new password' };
      await expectError(await postJson(auth.app, '/auth/password', right, headers), 429, 'TOO_MANY_REQUESTS');
      expect(
        (await postJson(auth.app, '/auth/login', { email: s.email, password: 'correct horse battery' })).status,
      ).toBe(200);
    });
  });
}

describe('what a reserved attempt becomes', () => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await createTestAuth('auth_reserved', {
      limits: { accountFailureLimit: 2, accountWindowMs: LIMIT_WINDOW_MS },
    });
  });
  afterAll(async () => {
    await auth.drop();
  });

  test('a success settles its slot and the failures before it', async () => {
    const { email } = await registerAndLogin(auth.app);
    const login = (password: string) => postJson(auth.app, '/auth/login', { email, password });
    for (let round = 0; round < 3; round++) {
      expect((await login('bad password')).status).toBe(401);
      expect((await login('correct horse battery')).status).toBe(200);
      expect((await login('correct horse battery')).status).toBe(200);
    }
    await expectError(await login('bad password'), 401);
    await expectError(await login('bad password'), 401);
    await expectError(await login('correct horse battery'), 429);
  });

  test("attempts refused for their client IP's limit leave the account's failure budget as it was", async () => {
    // The attempt takes the IP's and the account's slots in one statement: a refused IP must give the account's back.
    const strict = await createTestAuth('auth_ip_budget', {
      limits: { ipLimit: 1, ipWindowMs: LIMIT_WINDOW_MS, accountFailureLimit: 2, accountWindowMs: LIMIT_WINDOW_MS },
    });
    try {
      const [email, other] = [uniqueEmail(), uniqueEmail()];
      for (const e of [email, other])
        expect((await postJson(strict.app, '/auth/register', registration(e))).status).toBe(201);
      const from = (ip: string, account: string, password: string) =>
        postJson(strict.app, '/auth/login', { email: account, password }, { 'x-forwarded-for': ip });
      // 192.0.2.10 spends its one attempt elsewhere, then is refused five times on this account.
      expect((await from('192.0.2.10', other, 'correct horse battery')).status).toBe(200);
      for (let i = 0; i < 5; i++) await expectError(await from('192.0.2.10', email, 'bad password'), 429);
      // The account still has both its failures to give, and is locked after them.
      expect((await from('192.0.2.11', email, 'bad password')).status).toBe(401);
      expect((await from('192.0.2.12', email, 'bad password')).status).toBe(401);
      await expectError(await from('192.0.2.13', email, 'correct horse battery'), 429);
    } finally {
      await strict.drop();
    }
  });

  test('a client over its IP limit cannot lock an account out with a parallel burst', async () => {
    // Its attempts are counted on the account in the same statement as on its IP: every one of them,
    // not only those within the account's budget, must be given back, or the burst's excess stays.
    const strict = await createTestAuth('auth_ip_burst', {
      limits: { ipLimit: 1, ipWindowMs: LIMIT_WINDOW_MS, accountFailureLimit: 2, accountWindowMs: LIMIT_WINDOW_MS },
    });
    try {
      const [email, other] = [uniqueEmail(), uniqueEmail()];
      for (const e of [email, other])
        expect((await postJson(strict.app, '/auth/register', registration(e))).status).toBe(201);
      const from = (ip: string, account: string, password: string) =>
        postJson(strict.app, '/auth/login', { email: account, password }, { 'x-forwarded-for': ip });
      expect((await from('192.0.2.20', other, 'correct horse battery')).status).toBe(200);
      const burst = await Promise.all(Array.from({ length: 20 }, () => from('192.0.2.20', email, 'bad password')));
      expect(statuses(burst)).toEqual({ 429: 20 });
      expect((await from('192.0.2.21', email, 'bad password')).status).toBe(401);
      expect((await from('192.0.2.22', email, 'correct horse battery')).status).toBe(200);
    } finally {
      await strict.drop();
    }
  });

  test('a check that fails without judging the password (hash queue full) does not count as a failure', async () => {
    const { email } = await registerAndLogin(auth.app);
    const verify = spyOn(auth.deps.hasher, 'verify').mockImplementation(() =>
      Promise.reject(new AppError('TOO_MANY_REQUESTS', 'Too many password checks in progress')),
    );
    try {
      for (let i = 0; i < 3; i++) {
        await expectError(await postJson(auth.app, '/auth/login', { email, password: 'whatever it is' }), 429);
      }
    } finally {
      verify.mockRestore();
    }
    expect((await postJson(auth.app, '/auth/login', { email, password: 'correct horse battery' })).status).toBe(200);
  });
});

// The benchmark's shape on MariaDB: logins of one account from one client, 64 connections each
// sending its next as soon as its last is answered. Attempts and refresh tokens then lock the same
// rate_limits and refresh_tokens rows in opposite orders, and InnoDB picks deadlock victims among
// them (~2% of such logins answered 500 until 2026-12-03 17:45 UTC). A victim's statement is undone
// whole and runs again. 320 logins: with no retry, the chance that none deadlocks is about 0.2%.
test('64 connections logging in one account back to back on MariaDB: every login succeeds', async () => {
  const many = await createTestAuth('auth_login_stream', {
    limits: UNLIMITED,
  });
  try {
    const email = uniqueEmail('stream');
    expect((await postJson(many.app, '/auth/register', registration(email))).status).toBe(201);
    const all: Response[] = [];
    let left = 320;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (left-- > 0) {
          all.push(await postJson(many.app, '/auth/login', { email, password: 'correct horse battery' }));
        }
      }),
    );
    expect(statuses(all)).toEqual({ 200: 320 });
  } finally {
    await many.drop();
  }
});
