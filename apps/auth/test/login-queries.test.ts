import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { hasUpsertReturning } from '@greencommerce/db';
import { createTestAuth, postJson, registration, type TestAuth, uniqueEmail } from './support';

const kinds = (sqls: string[]) =>
  sqls.map((s) => {
    const m = /^(insert into|select .* from|delete from|update) [`"](\w+)[`"]/i.exec(s);
    return m ? `${m[1]!.split(' ')[0]!.toLowerCase()} ${m[2]}` : s;
  });

for (const dialect of ['mariadb', 'sqlite'] as const) {
  describe(`statements per login, on ${dialect}`, () => {
    const statements: string[] = [];
    let auth: TestAuth;
    beforeAll(async () => {
      auth = await createTestAuth('auth_login_queries', {}, { dialect, log: (e) => void statements.push(e.query.sql) });
      // Asked once per database handle (the server's version, on MySQL-family servers), not per login.
      await hasUpsertReturning(auth.db);
    });
    afterAll(async () => {
      await auth.drop();
    });

    const login = async (email: string, password: string) => {
      statements.length = 0;
      const res = await postJson(auth.app, '/auth/login', { email, password });
      return { status: res.status, statements: kinds(statements) };
    };

    test('a success: one statement for both limits and the account, then the refresh token, which settles its attempts', async () => {
      const email = uniqueEmail();
      expect((await postJson(auth.app, '/auth/register', registration(email))).status).toBe(201);
      const success = {
        status: 200,
        statements: [
          // the client IP's attempt and the account's slot counted, the account's row and the count
          // the window's last login settled read back
          'insert rate_limits',
          'insert refresh_tokens', // with the count this login settles: no write to give the slot back
        ],
      };
      expect(await login(email, 'correct horse battery')).toEqual(success);
      // After failures too: they are settled by the token, not deleted.
      expect((await login(email, 'wrong password')).status).toBe(401);
      expect(await login(email, 'correct horse battery')).toEqual(success);
    });

    test('a wrong password and an unknown email run the same single statement: the slot stays as the failure', async () => {
      const email = uniqueEmail();
      expect((await postJson(auth.app, '/auth/register', registration(email))).status).toBe(201);
      const failure = { status: 401, statements: ['insert rate_limits'] };
      expect(await login(email, 'wrong password')).toEqual(failure);
      expect(await login(uniqueEmail('nobody'), 'wrong password')).toEqual(failure);
    });
  });
}
