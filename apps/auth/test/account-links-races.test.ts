import { afterAll, beforeAll, describe, expect, spyOn, test } from 'bun:test';
import { pendingOutboxRows, retryConflicts } from '@greencommerce/db';
import type { DomainEvent } from '@greencommerce/events';
import {
  createTestAuth,
  fastAccount,
  postJson,
  registerAndLogin,
  registration,
  type TestAuth,
  UNLIMITED,
  uniqueEmail,
} from './support';

// Reset requests arrive in bursts (a user clicking twice, a script): none may fail, whether or not the
// address has an account, or the failures themselves tell which addresses do.
describe.each(['mariadb', 'sqlite'] as const)('parallel reset requests, on %s', (dialect) => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await createTestAuth(`auth_link_races_${dialect}`, {}, { dialect });
  });
  afterAll(async () => {
    await auth.drop();
  });
  const requestReset = (email: string, i: number) =>
    postJson(auth.app, '/auth/password-reset', { email }, { 'x-forwarded-for': `203.0.113.${i}` });

  test('eight at once for one account are all 202, and only the last link is live', async () => {
    const email = uniqueEmail('race');
    const res = await postJson(auth.app, '/auth/register', registration(email));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => requestReset(email, i + 1)));
      const statuses = await Promise.all(answers.map(async (r) => `${r.status} ${await r.text()}`.slice(0, 200)));
      expect(statuses.filter((s) => !s.startsWith('202'))).toEqual([]);
      const live = await auth.db
        .selectFrom('account_tokens')
        .select('id')
        .where('user_id', '=', id)
        .where('purpose', '=', 'password_reset')
        .where('used_at', 'is', null)
        .execute();
      expect(live).toHaveLength(1);
    }
  });

  test('eight at once for eight unknown addresses are all 202', async () => {
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => requestReset(uniqueEmail('nobody'), i + 1)),
      );
      const statuses = await Promise.all(answers.map(async (r) => `${r.status} ${await r.text()}`.slice(0, 200)));
      expect(statuses.filter((s) => !s.startsWith('202'))).toEqual([]);
    }
  });
});

// Every registration writes its first verification link (superseding none): registrations at once
// must not deadlock on the token index either.
describe.each(['mariadb', 'sqlite'] as const)('parallel registrations and resends, on %s', (dialect) => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await createTestAuth(`auth_link_races_reg_${dialect}`, {}, { dialect });
  });
  afterAll(async () => {
    await auth.drop();
  });

  test('eight registrations at once are all 201, each with one live link', async () => {
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => postJson(auth.app, '/auth/register', registration(uniqueEmail('reg')))),
      );
      const statuses = await Promise.all(answers.map(async (r) => `${r.status} ${await r.text()}`.slice(0, 200)));
      expect(statuses.filter((s) => !s.startsWith('201'))).toEqual([]);
    }
  });

  test('eight accounts resending their links at once are all 202', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 8 }, () => registerAndLogin(auth.app, uniqueEmail('resend'))),
    );
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        sessions.map((s) =>
          auth.app.request('/auth/verify-email/resend', {
            method: 'POST',
            headers: { authorization: `Bearer ${s.token}` },
          }),
        ),
      );
      const statuses = await Promise.all(answers.map(async (r) => `${r.status} ${await r.text()}`.slice(0, 200)));
      expect(statuses.filter((s) => !s.startsWith('202'))).toEqual([]);
    }
  });

  // The link's transaction spent the token and then locked the account; a resend (or an email change)
  // locked the account and then spent its tokens: each waited for the other.
  test('following the link while asking for a new one: never a 5xx', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 6 }, () => registerAndLogin(auth.app, uniqueEmail('both'))),
    );
    const rows = (await pendingOutboxRows(auth.db, 100_000)).map((r) => JSON.parse(r.payload) as DomainEvent);
    for (let round = 0; round < 2; round++) {
      const work = sessions.flatMap((s) => {
        const link = rows.findLast((e) => e.event === 'EmailVerificationRequested' && e.data.email === s.email);
        if (link?.event !== 'EmailVerificationRequested') throw new Error('no link');
        return [
          postJson(auth.app, '/auth/verify-email', { token: link.data.token }),
          auth.app.request('/auth/verify-email/resend', {
            method: 'POST',
            headers: { authorization: `Bearer ${s.token}` },
          }),
        ];
      });
      const answers = await Promise.all(work);
      const statuses = await Promise.all(answers.map(async (r) => `${r.status} ${await r.text()}`.slice(0, 200)));
      expect(statuses.filter((s) => s.startsWith('5'))).toEqual([]);
      rows.push(...(await pendingOutboxRows(auth.db, 100_000)).map((r) => JSON.parse(r.payload) as DomainEvent));
    }
  });
});

// A reset request, a resend of the verification link, a password change and following a reset link
// each lock the account's row; the account's logins read it (the attempt's upsert, the refresh token's
// foreign key) while locking its rate_limits and refresh_tokens rows. With both at once from 64 connections, MariaDB
// picks the account's write as a deadlock's victim now and then (~0.5-2% of them answered 500 until
// 2026-12-03 18:00 UTC, with real password checks too); that transaction, undone whole, runs again.
// The check of the password is stubbed so logins come as fast as the database answers them: the
// requests below then lose several of those writes without the retry.
describe('64 connections writing one account while it logs in back to back, on MariaDB', () => {
  const writes = {
    'POST /auth/password-reset': {
      path: '/auth/password-reset',
      body: (email: string) => ({ email }),
      ok: 202,
      requests: 1600,
    },
    'POST /auth/verify-email/resend': { path: '/auth/verify-email/resend', body: () => ({}), ok: 202, requests: 3200 },
    'POST /auth/password': {
      path: '/auth/password',
      body: () => ({ currentPassword: 'correct horse battery', newPassword: 'correct horse battery' }),
      ok: 200,
      // Each change hashes its new password for real: fewer, and they lose more often.
      requests: 640,
    },
  };
  test.each(Object.keys(writes) as (keyof typeof writes)[])(
    '%s: never a 5xx',
    async (name) => {
      const write = writes[name];
      const auth = await createTestAuth('auth_account_write_stream', {
        limits: UNLIMITED,
      });
      try {
        const email = uniqueEmail('write-stream');
        expect((await postJson(auth.app, '/auth/register', registration(email))).status).toBe(201);
        const login = () => postJson(auth.app, '/auth/login', { email, password: 'correct horse battery' });
        const { token } = (await (await login()).json()) as { token: string };
        spyOn(auth.deps.hasher, 'verify').mockResolvedValue(true);
        const counts: Record<number, number> = {};
        let left = write.requests;
        await Promise.all(
          Array.from({ length: 64 }, async (_, i) => {
            while (left-- > 0) {
              const res =
                i % 2 === 0
                  ? await postJson(auth.app, write.path, write.body(email), { authorization: `Bearer ${token}` })
                  : await login();
              counts[res.status] = (counts[res.status] ?? 0) + 1;
            }
          }),
        );
        expect(Object.keys(counts).map(Number).sort()).toEqual(
          [200, write.ok].filter((s, k, all) => all.indexOf(s) === k).sort(),
        );
      } finally {
        await auth.drop();
      }
    },
    60_000,
  );

  // Following a reset link spends it and sets the password under the same lock. Here a quarter of the
  // connections ask for links, a quarter follow the latest one, half log in; hashing is stubbed too.
  test('POST /auth/password-reset/confirm: never a 5xx', async () => {
    const { auth, email } = await fastAccount('auth_reset_confirm_stream');
    try {
      const latestLink = async () => {
        const row = await auth.db
          .selectFrom('outbox')
          .select('payload')
          .where('payload', 'like', '%PasswordResetRequested%')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow();
        return (JSON.parse(row.payload) as { data: { token: string } }).data.token;
      };
      expect((await postJson(auth.app, '/auth/password-reset', { email })).status).toBe(202);
      const counts: Record<number, number> = {};
      let left = 3200;
      await Promise.all(
        Array.from({ length: 64 }, async (_, i) => {
          while (left-- > 0) {
            const res =
              i % 2 === 1
                ? await postJson(auth.app, '/auth/login', { email, password: 'correct horse battery' })
                : i % 4 === 0
                  ? await postJson(auth.app, '/auth/password-reset', { email })
                  : await postJson(auth.app, '/auth/password-reset/confirm', {
                      token: await latestLink(),
                      password: 'correct horse battery',
                    });
            counts[res.status] = (counts[res.status] ?? 0) + 1;
          }
        }),
      );
      // 400: a link another connection spent (or a newer request superseded) first.
      expect(Object.keys(counts).sort()).toEqual(['200', '202', '400']);
    } finally {
      await auth.drop();
    }
  }, 60_000);

  // Following a verification link spends it under the same lock. The account is marked unverified again
  // between links, so that one account can follow many; a quarter of the connections ask for links, a
  // quarter follow the latest one, half log in.
  test('POST /auth/verify-email: never a 5xx', async () => {
    const auth = await createTestAuth('auth_verify_stream', {
      limits: UNLIMITED,
    });
    try {
      const email = uniqueEmail('verify-stream');
      expect((await postJson(auth.app, '/auth/register', registration(email))).status).toBe(201);
      const login = () => postJson(auth.app, '/auth/login', { email, password: 'correct horse battery' });
      const { token } = (await (await login()).json()) as { token: string };
      spyOn(auth.deps.hasher, 'verify').mockResolvedValue(true);
      const latestLink = async () => {
        const row = await auth.db
          .selectFrom('outbox')
          .select('payload')
          .where('payload', 'like', '%EmailVerificationRequested%')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow();
        return (JSON.parse(row.payload) as { data: { token: string } }).data.token;
      };
      const counts: Record<number, number> = {};
      let left = 3200;
      await Promise.all(
        Array.from({ length: 64 }, async (_, i) => {
          while (left-- > 0) {
            let res: Response;
            if (i % 2 === 1) res = await login();
            else if (i % 4 === 0) {
              // (The test's own statement may be a deadlock's victim too.)
              await retryConflicts(() =>
                auth.db.updateTable('users').set({ email_verified: 0 }).where('email', '=', email).execute(),
              );
              res = await postJson(auth.app, '/auth/verify-email/resend', {}, { authorization: `Bearer ${token}` });
            } else res = await postJson(auth.app, '/auth/verify-email', { token: await latestLink() });
            counts[res.status] = (counts[res.status] ?? 0) + 1;
          }
        }),
      );
      // 400: a link spent or superseded first; 409: verified again before the resend locked the row.
      expect(Object.keys(counts).filter((s) => s.startsWith('5'))).toEqual([]);
    } finally {
      await auth.drop();
    }
  }, 60_000);
});
