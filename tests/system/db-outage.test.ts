import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  createMysqlTestDb,
  expectError,
  httpClient,
  images,
  newUser,
  registerAndLogin,
  type Service,
  signingKey,
  startService,
  TEST_JWT_ENV,
  type TestDb,
  testBucket,
} from '@greencommerce/testing';
import { uploadTo } from './support';
import { tcpProxy } from './tcp-proxy';

// Fault: the database's network is cut through a proxy while the shared MariaDB keeps running. The
// services run as processes whose DATABASE_URL points at the proxy.
let authDb: TestDb;
let usersDb: TestDb;
let bucket: Awaited<ReturnType<typeof testBucket>>;
let proxy: Awaited<ReturnType<typeof tcpProxy>>;
let auth: Service;
let users: Service;

const viaProxy = (url: string) => url.replace(/127\.0\.0\.1:3306/, `127.0.0.1:${proxy.port}`);

beforeAll(async () => {
  authDb = await createMysqlTestDb('fault_db_auth');
  usersDb = await createMysqlTestDb('fault_db_users');
  bucket = await testBucket('fault_db');
  proxy = await tcpProxy(3306);
  const timeouts = {
    NODE_ENV: 'test',
    DATABASE_POOL_SIZE: '4',
    DATABASE_CONNECT_TIMEOUT_MS: '2000',
    DATABASE_QUERY_TIMEOUT_MS: '2000',
  };
  [auth, users] = await Promise.all([
    startService('auth', {
      ...timeouts,
      DATABASE_URL: viaProxy(authDb.url),
      JWT_PRIVATE_KEYS: JSON.stringify([await signingKey()]),
    }),
    startService('users', { ...timeouts, ...TEST_JWT_ENV, ...bucket.env, DATABASE_URL: viaProxy(usersDb.url) }),
  ]);
});
afterAll(async () => {
  for (const s of [auth, users]) s.proc.kill();
  await Promise.all([auth.proc.exited, users.proc.exited]);
  await proxy.close();
  await authDb.drop();
  await usersDb.drop();
  await bucket.drop();
});

/** Fails the test if a request hangs instead of answering: the point is a fast 503, not speed. */
async function timed(work: () => Response | Promise<Response>) {
  const started = performance.now();
  const res = await work();
  return { res, ms: performance.now() - started };
}

const get = (service: Service, path: string, token?: string) =>
  fetch(`${service.base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('database outage', () => {
  test('requests answer 503 promptly, /readyz goes red then green, and both apps recover without a restart', async () => {
    const session = await registerAndLogin(httpClient(auth.base));
    const user = await newUser(usersDb.db);
    const info = () => get(users, '/user/info', user.token);
    const login = () =>
      fetch(`${auth.base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: session.email, password: 'correct horse battery' }),
      });
    expect((await info()).status).toBe(200);
    expect((await login()).status).toBe(200);

    await proxy.cut();
    try {
      for (const request of [info, login, () => uploadTo(users.base, user.token, images.png())]) {
        const { res, ms } = await timed(request);
        const err = await expectError(res, 503, 'SERVICE_UNAVAILABLE');
        expect(err.message).toBe('database unavailable');
        expect(ms).toBeLessThan(15_000);
      }
      for (const service of [auth, users]) {
        const err = await expectError(await get(service, '/readyz'), 503, 'SERVICE_UNAVAILABLE');
        expect(err.message).toContain('database');
      }
      // No object was stored for the upload that could not be recorded.
      expect(await bucket.keys(`users/${user.id}/`)).toEqual([]);
    } finally {
      await proxy.restore();
    }

    const deadline = Date.now() + 20_000;
    while ((await info()).status !== 200 && Date.now() < deadline) await Bun.sleep(200);
    expect((await info()).status).toBe(200);
    expect((await login()).status).toBe(200);
    expect((await get(users, '/readyz')).status).toBe(200);
    expect((await get(auth, '/readyz')).status).toBe(200);
  }, 90_000);

  test('a database that stops answering (no refusal, no reset) gives 503 within the query timeout, then recovers', async () => {
    const user = await newUser(usersDb.db);
    const info = () => get(users, '/user/info', user.token);
    expect((await info()).status).toBe(200);

    proxy.blackhole();
    try {
      const { res, ms } = await timed(info);
      const err = await expectError(res, 503, 'SERVICE_UNAVAILABLE');
      expect(err.message).toBe('database unavailable');
      // The query timeout here is 2 s: the answer must not wait for TCP to give up.
      expect(ms).toBeLessThan(10_000);
      await expectError(await get(users, '/readyz'), 503, 'SERVICE_UNAVAILABLE');
    } finally {
      await proxy.restore();
    }

    const deadline = Date.now() + 20_000;
    while ((await info()).status !== 200 && Date.now() < deadline) await Bun.sleep(200);
    expect((await info()).status).toBe(200);
    expect((await get(users, '/readyz')).status).toBe(200);
  }, 60_000);
});
