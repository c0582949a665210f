import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { findUserByEmail, updateUser } from '@greencommerce/db';
import { createTestAuth, postJson, registerAndLogin, registration, type TestAuth, uniqueEmail } from './support';

/** The claims as signed, read without verifying (the verifier's view is checked separately). */
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());

for (const dialect of ['mariadb', 'sqlite'] as const) {
  describe(`the roles claim follows users.role at login and refresh, on ${dialect}`, () => {
    let auth: TestAuth;
    beforeAll(async () => {
      auth = await createTestAuth('auth_roles', {}, { dialect });
    });
    afterAll(async () => {
      await auth.drop();
    });

    const refresh = async (refreshToken: string) => {
      const res = await postJson(auth.app, '/auth/refresh', { refreshToken });
      expect(res.status).toBe(200);
      return (await res.json()) as { token: string; refreshToken: string };
    };
    // What `npm run admin:grant` / `admin:revoke` write.
    const setRole = async (email: string, role: 'admin' | 'customer') => {
      const row = await findUserByEmail(auth.db, email);
      expect(await updateUser(auth.db, row!.id, { role })).toBe(true);
    };

    test('a new account is a customer: ["customer"] in the token, and in the verified principal', async () => {
      const s = await registerAndLogin(auth.app);
      expect(claimsOf(s.token).roles).toEqual(['customer']);
      expect((await auth.deps.verifyToken(s.token)).roles).toEqual(['customer']);
    });

    test('a grant shows at the next refresh (not before), and a revoke at the one after', async () => {
      const s = await registerAndLogin(auth.app);
      await setRole(s.email, 'admin');
      // The token already issued is what it was: roles are read when a token is issued, never per request.
      expect((await auth.deps.verifyToken(s.token)).roles).toEqual(['customer']);

      const granted = await refresh(s.refreshToken);
      expect(claimsOf(granted.token).roles).toEqual(['customer', 'admin']);
      expect((await auth.deps.verifyToken(granted.token)).roles).toEqual(['customer', 'admin']);

      await setRole(s.email, 'customer');
      const revoked = await refresh(granted.refreshToken);
      expect(claimsOf(revoked.token).roles).toEqual(['customer']);
      expect((await auth.deps.verifyToken(revoked.token)).roles).toEqual(['customer']);
    });

    test('a grant shows at the next login; a revoke too', async () => {
      const s = await registerAndLogin(auth.app);
      const login = async () => {
        const res = await postJson(auth.app, '/auth/login', { email: s.email, password: 'correct horse battery' });
        expect(res.status).toBe(200);
        return claimsOf(((await res.json()) as { token: string }).token).roles;
      };
      await setRole(s.email, 'admin');
      expect(await login()).toEqual(['customer', 'admin']);
      await setRole(s.email, 'customer');
      expect(await login()).toEqual(['customer']);
    });

    test('nothing a client sends at registration, login or refresh adds a role', async () => {
      const email = uniqueEmail();
      const reg = await postJson(auth.app, '/auth/register', {
        ...registration(email),
        role: 'admin',
        roles: ['admin'],
      });
      expect(reg.status).toBe(201);
      expect((await reg.json()).role).toBe('customer');
      expect((await findUserByEmail(auth.db, email))?.role).toBe('customer');
      const res = await postJson(auth.app, '/auth/login', {
        email,
        password: 'correct horse battery',
        role: 'admin',
        roles: ['admin'],
      });
      // Either refused as an unknown field or ignored; never an admin token.
      if (res.status === 200)
        expect(claimsOf(((await res.json()) as { token: string }).token).roles).toEqual(['customer']);
      else expect(res.status).toBe(400);
    });
  });
}
