import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createTestAuth, registerAndLogin, type TestAuth } from '@greencommerce/auth/testing';
import { ErrorBody } from '@greencommerce/contracts';
import type { Db } from '@greencommerce/db';
import { createTestUsers, images, newUser, type TestUsers, tokenFor } from '@greencommerce/users/testing';
import { sign } from 'hono/jwt';
import { type Case, corpus } from './corpus';

// Integration: real MariaDB and S3. Every generated hostile request must get a 4xx in the one
// error shape, and none may write a user, token, outbox event or object.
let auth: TestAuth;
let users: TestUsers;
let cases: Case[];
const before = new Map<string, number>();

const count = async (db: Db, table: 'users' | 'refresh_tokens' | 'outbox') =>
  Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function snapshot() {
  const objects = await users.storage.client.send(new ListObjectsV2Command({ Bucket: users.bucket }));
  return {
    'auth.users': await count(auth.db, 'users'),
    'auth.refresh_tokens': await count(auth.db, 'refresh_tokens'),
    'auth.outbox': await count(auth.db, 'outbox'),
    'users.users': await count(users.db, 'users'),
    'users.outbox': await count(users.db, 'outbox'),
    'users.objects': objects.KeyCount ?? 0,
  };
}

beforeAll(async () => {
  auth = await createTestAuth('corpus_auth');
  users = await createTestUsers('corpus_users', { maxUploadBytes: 256 * 1024 });
  const session = await registerAndLogin(auth.app);
  const user = await newUser(users.db);
  // A token from a key nobody trusts, with everything else right.
  const rogue = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const rogueJwk = { ...(await crypto.subtle.exportKey('jwk', rogue.privateKey)), kid: 'test-key', alg: 'ES256' };
  const now = Math.floor(Date.now() / 1000);
  cases = corpus({
    authToken: session.token,
    usersToken: user.token,
    userId: user.id,
    otherUserId: user.id + 1000,
    forgedTokens: [
      await tokenFor(user.id, user.email, { exp: now - 60 }),
      await tokenFor(user.id, user.email, { iss: 'evil' }),
      await tokenFor(user.id, user.email, { aud: 'evil' }),
      await tokenFor(user.id, user.email, { nbf: now + 3600 }),
      await sign(
        { sub: String(user.id), email: user.email, iss: 'test-issuer', aud: 'test-audience', exp: now + 600 },
        rogueJwk,
        'ES256',
      ),
    ],
    images,
  });
  for (const [k, v] of Object.entries(await snapshot())) before.set(k, v);
});

afterAll(async () => {
  console.log(`bad-input corpus: ${cases.length} hostile requests tried`);
  await auth.drop();
  await users.drop();
});

describe('bad-input corpus', () => {
  test('has at least 200 cases across every endpoint', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const endpoints = new Set(cases.map((c) => `${c.app} ${c.endpoint}`));
    expect([...endpoints].sort()).toEqual(
      [
        'auth POST /auth/login',
        'auth POST /auth/logout',
        'auth POST /auth/password',
        'auth POST /auth/refresh',
        'auth POST /auth/register',
        'users DELETE /user',
        'users GET /user/info',
        'users POST /upload',
        'users PUT /user/update',
      ].sort(),
    );
  });

  test('every case gets a 4xx in the one error shape', async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const app = c.app === 'auth' ? auth.app : users.app;
      const res = await app.request(c.request());
      const text = await res.text();
      let shaped = false;
      try {
        shaped = ErrorBody.safeParse(JSON.parse(text)).success;
      } catch {}
      if (res.status < 400 || res.status >= 500 || !shaped)
        wrong.push(`${c.name}: ${res.status} ${text.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  test('nothing was written: no user, token, event or object', async () => {
    expect(Object.fromEntries(before)).toEqual(await snapshot());
  });
});
