import { afterAll, beforeAll, expect, test } from 'bun:test';
import { captureLogger } from '@greencommerce/testing';
import { createApp, createTestAuth, postJson, registration, type TestAuth, uniqueEmail } from './support';

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth('auth_log');
});
afterAll(async () => {
  await auth.drop();
});

test('one structured line per request, with its request id, and never a password or token', async () => {
  const { logger, lines } = captureLogger('auth');
  const app = createApp({ ...auth.deps, logger });
  const email = uniqueEmail();
  const password = 'a very secret password';
  await postJson(app, '/auth/register', registration(email, { password }));
  const login = await postJson(app, '/auth/login?token=leak-me', { email, password });
  const { token, refreshToken } = await login.json();
  await postJson(app, '/auth/refresh', { refreshToken }, { authorization: `Bearer ${token}`, cookie: 'sid=leak-me' });

  expect(lines).toHaveLength(3);
  expect(lines.map((l) => [l.level, l.service, l.method, l.path, l.status])).toEqual([
    ['info', 'auth', 'POST', '/auth/register', 201],
    ['info', 'auth', 'POST', '/auth/login', 200],
    ['info', 'auth', 'POST', '/auth/refresh', 200],
  ]);
  expect(lines[1]!.requestId).toBe(login.headers.get('x-request-id') ?? 'missing');
  const text = JSON.stringify(lines);
  for (const secret of [password, token, refreshToken, 'leak-me']) expect(text).not.toContain(secret);
});
