import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  createApp as createAuthApp,
  createTestAuth,
  registerAndLogin,
  type TestAuth,
} from '@greencommerce/auth/testing';
import { createDb, type Db } from '@greencommerce/db';
import { expectError } from '@greencommerce/http/testing';
import {
  createApp,
  createTestUsers,
  imageFile,
  images,
  newUser,
  type TestUsers,
  uploadRequest,
} from '@greencommerce/users/testing';
import { tcpProxy } from './tcp-proxy';

// Fault: the database's network is cut through a proxy while the shared MariaDB keeps running.
let auth: TestAuth;
let users: TestUsers;
let proxy: Awaited<ReturnType<typeof tcpProxy>>;
let authDb: Db;
let usersDb: Db;

const viaProxy = (url: string) => url.replace(/127\.0\.0\.1:3306/, `127.0.0.1:${proxy.port}`);

beforeAll(async () => {
  auth = await createTestAuth('fault_db_auth');
  users = await createTestUsers('fault_db_users');
  proxy = await tcpProxy(3306);
  authDb = createDb({ url: viaProxy(auth.dbUrl), poolSize: 4, connectTimeoutMs: 2000, queryTimeoutMs: 2000 });
  usersDb = createDb({ url: viaProxy(users.dbUrl), poolSize: 4, connectTimeoutMs: 2000, queryTimeoutMs: 2000 });
});
afterAll(async () => {
  await authDb.destroy();
  await usersDb.destroy();
  await proxy.close();
  await auth.drop();
  await users.drop();
});

/** Fails the test if a request hangs instead of answering: the point is a fast 503, not speed. */
async function timed(work: () => Response | Promise<Response>) {
  const started = performance.now();
  const res = await work();
  return { res, ms: performance.now() - started };
}

describe('database outage', () => {
  test('requests answer 503 promptly, /readyz goes red then green, and both apps recover without a restart', async () => {
    const authApp = createAuthApp({ ...auth.deps, db: authDb });
    const usersApp = createApp({ ...users.deps, db: usersDb });
    const session = await registerAndLogin(authApp);
    const user = await newUser(users.db);
    const info = () => usersApp.request('/user/info', { headers: { authorization: `Bearer ${user.token}` } });
    const login = () =>
      authApp.request('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: session.email, password: 'correct horse battery' }),
      });
    expect((await info()).status).toBe(200);
    expect((await login()).status).toBe(200);

    await proxy.cut();
    try {
      for (const request of [
        info,
        login,
        () => usersApp.request(uploadRequest(user.token, { image: imageFile(images.png()) })),
      ]) {
        const { res, ms } = await timed(request);
        const err = await expectError(res, 503, 'SERVICE_UNAVAILABLE');
        expect(err.message).toBe('database unavailable');
        expect(ms).toBeLessThan(15_000);
      }
      for (const app of [authApp, usersApp]) {
        const err = await expectError(await app.request('/readyz'), 503, 'SERVICE_UNAVAILABLE');
        expect(err.message).toContain('database');
      }
      // No object was stored for the upload that could not be recorded.
      expect(await users.storage.list(`users/${user.id}/`)).toEqual([]);
    } finally {
      await proxy.restore();
    }

    const deadline = Date.now() + 20_000;
    while ((await info()).status !== 200 && Date.now() < deadline) await Bun.sleep(200);
    expect((await info()).status).toBe(200);
    expect((await login()).status).toBe(200);
    expect((await usersApp.request('/readyz')).status).toBe(200);
    expect((await authApp.request('/readyz')).status).toBe(200);
  }, 90_000);

  test('a database that stops answering (no refusal, no reset) gives 503 within the query timeout, then recovers', async () => {
    const usersApp = createApp({ ...users.deps, db: usersDb });
    const user = await newUser(users.db);
    const info = () => usersApp.request('/user/info', { headers: { authorization: `Bearer ${user.token}` } });
    expect((await info()).status).toBe(200);

    proxy.blackhole();
    try {
      const { res, ms } = await timed(info);
      const err = await expectError(res, 503, 'SERVICE_UNAVAILABLE');
      expect(err.message).toBe('database unavailable');
      // The query timeout here is 2 s: the answer must not wait for TCP to give up.
      expect(ms).toBeLessThan(10_000);
      await expectError(await usersApp.request('/readyz'), 503, 'SERVICE_UNAVAILABLE');
    } finally {
      await proxy.restore();
    }

    const deadline = Date.now() + 20_000;
    while ((await info()).status !== 200 && Date.now() < deadline) await Bun.sleep(200);
    expect((await info()).status).toBe(200);
    expect((await usersApp.request('/readyz')).status).toBe(200);
  }, 60_000);
});
