import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createTestAuth, expectError, postJson, registerAndLogin, type TestAuth } from './support';

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth('auth_sessions');
});
afterAll(async () => {
  await auth.drop();
});

const refresh = (refreshToken: string) => postJson(auth.app, '/auth/refresh', { refreshToken });

describe('refresh, logout and password change', () => {
  test('a refresh token rotates: the new one works, the old one is spent', async () => {
    const s = await registerAndLogin(auth.app);
    const r1 = await refresh(s.refreshToken);
    expect(r1.status).toBe(200);
    const next = await r1.json();
    expect(next.refreshToken).not.toBe(s.refreshToken);
    expect(await auth.deps.verifyToken(next.token)).toMatchObject({ email: s.email });
    expect((await refresh(next.refreshToken)).status).toBe(200);
  });

  test('reusing a spent token revokes the whole family', async () => {
    const s = await registerAndLogin(auth.app);
    const next = await (await refresh(s.refreshToken)).json();
    await expectError(await refresh(s.refreshToken), 401, 'UNAUTHORIZED');
    // The legitimate holder's newer token is revoked too.
    await expectError(await refresh(next.refreshToken), 401, 'UNAUTHORIZED');
  });

  test('two concurrent uses of one token: at most one succeeds', async () => {
    const s = await registerAndLogin(auth.app);
    const results = await Promise.all([refresh(s.refreshToken), refresh(s.refreshToken)]);
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
  });

  test('tokens are stored only as hashes', async () => {
    const s = await registerAndLogin(auth.app);
    const rows = await auth.db.selectFrom('refresh_tokens').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash === s.refreshToken)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  test('an unknown refresh token is 401', async () => {
    await expectError(await refresh('made-up-token'), 401, 'UNAUTHORIZED');
  });

  test('logout revokes the family', async () => {
    const s = await registerAndLogin(auth.app);
    const res = await postJson(auth.app, '/auth/logout', { refreshToken: s.refreshToken });
    expect(res.status).toBe(200);
    await expectError(await refresh(s.refreshToken), 401);
  });

  test('password change needs the token and the current password, and revokes refresh tokens', async () => {
    const s = await registerAndLogin(auth.app);
    const change = (headers: Record<string, string>, currentPassword: string) =>
      postJson(auth.app, '/auth/password', { currentPassword, newPassword: 'a brand new password' }, headers);
    await expectError(await change({}, 'correct horse battery'), 401, 'UNAUTHORIZED');
    await expectError(await change({ authorization: `Bearer ${s.token}` }, 'wrong'), 403, 'FORBIDDEN');
    expect((await change({ authorization: `Bearer ${s.token}` }, 'correct horse battery')).status).toBe(200);
    await expectError(await refresh(s.refreshToken), 401);
    await expectError(
      await postJson(auth.app, '/auth/login', { email: s.email, password: 'correct horse battery' }),
      401,
    );
    expect((await postJson(auth.app, '/auth/login', { email: s.email, password: 'a brand new password' })).status).toBe(
      200,
    );
  });

  test('the JWKS publishes the public key only', async () => {
    const res = await auth.app.request('/.well-known/jwks.json');
    const body = await res.json();
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      kid: auth.keys[0]!.kid,
      use: 'sig',
    });
    expect(body.keys[0].d).toBeUndefined();
  });
});
