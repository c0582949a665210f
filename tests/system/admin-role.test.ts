import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findUserByEmail } from '@greencommerce/db';
import {
  createMysqlTestDb,
  createSqliteTestDb,
  type Service,
  signingKey,
  startService,
  type TestDb,
  uniqueEmail,
} from '@greencommerce/testing';

const ROOT = path.resolve(import.meta.dir, '../..');
const PASSWORD = 'correct horse battery';

/** `npm run admin:<command> -- ...args`, as an operator types it, against `databaseUrl` only. */
async function adminRole(command: 'grant' | 'revoke', args: string[], databaseUrl: string) {
  const proc = Bun.spawn(['npm', 'run', '--silent', `admin:${command}`, '--', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

const rolesIn = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).roles;

for (const dialect of ['mariadb', 'sqlite'] as const) {
  describe(`npm run admin:grant / admin:revoke on ${dialect}`, () => {
    let t: TestDb;
    let auth: Service;
    beforeAll(async () => {
      t = dialect === 'sqlite' ? await createSqliteTestDb() : await createMysqlTestDb('admin_role');
      auth = await startService('auth', {
        NODE_ENV: 'test',
        AUTH_WORKERS: '1',
        DATABASE_URL: t.url,
        JWT_PRIVATE_KEYS: JSON.stringify([await signingKey()]),
      });
    }, 60_000);
    afterAll(async () => {
      auth?.proc.kill();
      await auth?.proc.exited;
      await t?.drop();
    });

    const post = async (p: string, body: unknown) =>
      fetch(`${auth.base}${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    async function registerAndLogin() {
      const email = uniqueEmail();
      const reg = await post('/auth/register', {
        name: 'Ana',
        lastName: 'Pérez',
        dayBirth: 15,
        monthBirth: 2,
        yearBirth: 1990,
        gender: 'Mujer',
        phoneNumber: '0991234567',
        email,
        password: PASSWORD,
      });
      expect(reg.status).toBe(201);
      const login = await post('/auth/login', { email, password: PASSWORD });
      expect(login.status).toBe(200);
      return { email, ...((await login.json()) as { token: string; refreshToken: string }) };
    }
    async function refresh(refreshToken: string) {
      const res = await post('/auth/refresh', { refreshToken });
      expect(res.status).toBe(200);
      return (await res.json()) as { token: string; refreshToken: string };
    }
    const roleOf = async (email: string) => (await findUserByEmail(t.db, email))?.role;

    test('grant makes the account an admin from its next refresh; revoke makes it a customer again', async () => {
      const s = await registerAndLogin();
      expect(rolesIn(s.token)).toEqual(['customer']);

      const granted = await adminRole('grant', [s.email], t.url);
      expect(granted).toMatchObject({ code: 0, stderr: '' });
      expect(granted.stdout).toContain(`${s.email} is now an admin`);
      expect(await roleOf(s.email)).toBe('admin');
      const asAdmin = await refresh(s.refreshToken);
      expect(rolesIn(asAdmin.token)).toEqual(['customer', 'admin']);

      const revoked = await adminRole('revoke', [s.email], t.url);
      expect(revoked).toMatchObject({ code: 0, stderr: '' });
      expect(revoked.stdout).toContain(`${s.email} is now a customer`);
      expect(await roleOf(s.email)).toBe('customer');
      expect(rolesIn((await refresh(asAdmin.refreshToken)).token)).toEqual(['customer']);
    }, 30_000);

    test('a grant also shows at the next login; the address is matched as login matches it', async () => {
      const s = await registerAndLogin();
      const granted = await adminRole('grant', [`  ${s.email.toUpperCase()} `], t.url);
      expect(granted.code).toBe(0);
      const login = await post('/auth/login', { email: s.email, password: PASSWORD });
      expect(rolesIn(((await login.json()) as { token: string }).token)).toEqual(['customer', 'admin']);
    }, 30_000);

    test('granting twice changes nothing and says so; so does revoking a customer', async () => {
      const s = await registerAndLogin();
      expect((await adminRole('revoke', [s.email], t.url)).stdout).toContain('is already a customer');
      expect((await adminRole('grant', [s.email], t.url)).code).toBe(0);
      const again = await adminRole('grant', [s.email], t.url);
      expect(again).toMatchObject({ code: 0, stderr: '' });
      expect(again.stdout).toContain('is already an admin');
      expect(await roleOf(s.email)).toBe('admin');
    }, 30_000);

    test('an unknown email is a non-zero exit naming it, and changes no account', async () => {
      const before = await t.db.selectFrom('users').select(['id', 'role']).orderBy('id').execute();
      const email = uniqueEmail();
      const res = await adminRole('grant', [email], t.url);
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain(`no account with email ${email}`);
      expect(await t.db.selectFrom('users').select(['id', 'role']).orderBy('id').execute()).toEqual(before);
    }, 30_000);

    test('no email, or more than one, is a usage error', async () => {
      for (const args of [[], ['a@example.com', 'b@example.com'], ['  ']]) {
        const res = await adminRole('grant', args, t.url);
        expect(res.code).toBe(2);
        expect(res.stderr).toContain('usage: npm run admin:grant -- <email>');
      }
    }, 30_000);
  });
}

describe('npm run admin:grant against a database it cannot use', () => {
  test('a missing embedded file is reported, not created', async () => {
    const file = path.join(tmpdir(), `gc-missing-${crypto.randomUUID()}`, 'none.sqlite');
    const res = await adminRole('grant', ['a@example.com'], file);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`no embedded database at ${file}`);
    expect(await Bun.file(file).exists()).toBe(false);
  });

  test('an unreachable MySQL server is reported by name, without its credentials', async () => {
    const res = await adminRole('grant', ['a@example.com'], 'mysql://root:s3cret@127.0.0.1:1/gc_nowhere');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('MySQL database gc_nowhere on 127.0.0.1:1');
    expect(res.stderr).toContain('database unavailable');
    expect(res.stderr).not.toContain('s3cret');
  });
});
