import { afterAll, beforeAll, describe, expect, setDefaultTimeout, spyOn, test } from 'bun:test';
import { findUserByEmail, insertUser, updateUser } from '@greencommerce/db';
import { createTestAuth, expectError, postJson, type TestAuth, uniqueEmail } from './support';

// Each test runs several argon2id hashes at OWASP's minimum cost: on a loaded machine that outlasts bun's 5 s default.
setDefaultTimeout(60_000);

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth('auth_legacy');
});
afterAll(async () => {
  await auth.drop();
});

/** A user as the original system's import leaves it: a bcrypt hash in `password`. */
async function importLegacyUser(password: string) {
  const email = uniqueEmail('legacy');
  const id = await insertUser(auth.db, {
    name: 'Legacy',
    last_name: 'User',
    day_birth: 1,
    month_birth: 1,
    year_birth: 1980,
    gender: 'Otro',
    phone_number: '0990000000',
    email,
    password,
  });
  return { id, email };
}

const login = (email: string, password: string) => postJson(auth.app, '/auth/login', { email, password });

describe('bcrypt hashes imported from the original system (Node bcrypt: first 72 bytes only)', () => {
  test('a password over 72 bytes logs in with the whole password, its hash cut as the original cut it', async () => {
    // A multi-byte character straddles byte 72: the original cut inside it, on the bytes.
    const password = `x${'ñ'.repeat(50)}`;
    const bytes = new TextEncoder().encode(password);
    expect(bytes.length).toBeGreaterThan(72);
    const { email } = await importLegacyUser(
      await Bun.password.hash(bytes.subarray(0, 72), { algorithm: 'bcrypt', cost: 4 }),
    );
    expect((await login(email, password)).status).toBe(200);
    expect((await findUserByEmail(auth.db, email))?.password).toStartWith('$argon2id$');
    // Upgraded to argon2id from the whole password, which keeps working, and only it.
    expect((await login(email, password)).status).toBe(200);
    await expectError(await login(email, new TextDecoder().decode(bytes.subarray(0, 71))), 401);
  });

  test("OpenWall's crypt_blowfish vector: characters after 72 bytes are ignored", async () => {
    const password =
      '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored';
    const { email } = await importLegacyUser('$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui');
    expect((await login(email, password)).status).toBe(200);
  });

  test('the upgrade to argon2id never overwrites a password changed after the login read the old hash', async () => {
    const { id, email } = await importLegacyUser(
      await Bun.password.hash('old password', { algorithm: 'bcrypt', cost: 4 }),
    );
    const changed = await Bun.password.hash('changed meanwhile', {
      algorithm: 'argon2id',
      memoryCost: 19456,
      timeCost: 2,
    });
    const hash = spyOn(auth.deps.hasher, 'hash').mockImplementationOnce(async (pw) => {
      // While the login computes the upgrade, the password changes (another device, POST /auth/password).
      await updateUser(auth.db, id, { password: changed });
      return Bun.password.hash(pw, { algorithm: 'argon2id', memoryCost: 19456, timeCost: 2 });
    });
    try {
      expect((await login(email, 'old password')).status).toBe(200);
      expect(hash).toHaveBeenCalledTimes(1);
    } finally {
      hash.mockRestore();
    }
    expect((await findUserByEmail(auth.db, email))?.password).toBe(changed);
    await expectError(await login(email, 'old password'), 401);
    expect((await login(email, 'changed meanwhile')).status).toBe(200);
  });
});
