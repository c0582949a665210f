import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { findUserByEmail, pendingOutboxRows } from '@greencommerce/db';
import type { DomainEvent } from '@greencommerce/events';
import { createTestAuth, expectError, postJson, registerAndLogin, type TestAuth, uniqueEmail } from './support';

const PASSWORD = 'correct horse battery';

// A reset link is a way into the account for whoever reads the mailbox. A user who changes the
// password (because they suspect someone else can) must not leave such a way open behind them.
describe.each(['mariadb', 'sqlite'] as const)('reset links after a password change, on %s', (dialect) => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await createTestAuth(`auth_links_stale_${dialect}`, {}, { dialect });
  });
  afterAll(async () => {
    await auth.drop();
  });

  async function resetToken(userId: number): Promise<string> {
    const found = (await pendingOutboxRows(auth.db, 10_000))
      .map((r) => JSON.parse(r.payload) as DomainEvent)
      .filter((e) => e.event === 'PasswordResetRequested' && e.data.userId === userId);
    const last = found.at(-1);
    if (last?.event !== 'PasswordResetRequested') throw new Error('no reset link');
    return last.data.token;
  }

  test('a reset link requested before POST /auth/password no longer sets a password', async () => {
    const s = await registerAndLogin(auth.app, uniqueEmail('stale'));
    const user = await findUserByEmail(auth.db, s.email);
    expect((await postJson(auth.app, '/auth/password-reset', { email: s.email })).status).toBe(202);
    const token = await resetToken(user!.id);
    const changed = await auth.app.request('/auth/password', {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'the owner chose this one' }),
    });
    expect(changed.status).toBe(200);
    await expectError(
      await postJson(auth.app, '/auth/password-reset/confirm', { token, password: 'the intruder chose this' }),
      400,
      'BAD_REQUEST',
    );
    const login = await postJson(auth.app, '/auth/login', { email: s.email, password: 'the owner chose this one' });
    expect(login.status).toBe(200);
  });
});
