import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createTestAuth, postJson, registration, type TestAuth, uniqueEmail } from './support';

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
