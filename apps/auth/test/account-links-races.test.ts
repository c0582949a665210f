import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { pendingOutboxRows } from '@greencommerce/db';
import type { DomainEvent } from '@greencommerce/events';
import { createTestAuth, postJson, registerAndLogin, registration, type TestAuth, uniqueEmail } from './support';

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
