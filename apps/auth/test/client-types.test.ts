import { afterAll, beforeAll, expect, test } from 'bun:test';
import { hc } from 'hono/client';
import type { AuthApp } from '../src/app';
import { createTestAuth, type TestAuth, uniqueEmail } from './support';

// A typed `hc<AuthApp>` client must keep working with routes declared for OpenAPI. The lines
// marked as expected type errors are the type-level test: the typecheck target fails if a wrong
// path or body stops being an error (types lost), or if a right one becomes one.
let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth('auth_client_types');
});
afterAll(async () => {
  await auth.drop();
});

/** What the original web client sends, typed as the contract's input. */
const ana = {
  name: 'Ana',
  lastName: 'Pérez',
  dayBirth: '15',
  monthBirth: '2',
  yearBirth: 1990,
  gender: 'Mujer' as const,
  phoneNumber: '0991234567',
  email: 'ana@example.com',
  password: 'correct horse battery',
};

const clientFor = (app: TestAuth['app']) =>
  hc<AuthApp>('http://test', { fetch: (input: RequestInfo | URL, init?: RequestInit) => app.request(input, init) });

test('hc<AuthApp> calls the routes with typed paths, bodies and responses', async () => {
  const client = clientFor(auth.app);
  const email = uniqueEmail('hc');
  const reg = await client.auth.register.$post({ json: { ...ana, email } });
  expect(reg.status).toBe(201);
  const login = await client.auth.login.$post({ json: { email, password: 'correct horse battery' } });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  const tokens = await login.json();
  const token: string = tokens.token;
  const refreshed = await client.auth.refresh.$post({ json: { refreshToken: tokens.refreshToken } });
  expect(refreshed.status).toBe(200);
  const changed = await client.auth.password.$post(
    { json: { currentPassword: 'correct horse battery', newPassword: 'a brand new password' } },
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(changed.status).toBe(200);
  const jwks = await client['.well-known']['jwks.json'].$get();
  if (jwks.status !== 200) throw new Error('jwks');
  expect((await jwks.json()).keys[0]?.kid).toBe(auth.keys[0]!.kid);
});

test('wrong paths, methods and bodies do not type-check', () => {
  const client = clientFor(auth.app);
  // Never called: these lines exist for the type checker.
  const typeOnly = () => {
    // @ts-expect-error no such route
    client.auth.signup.$post({ json: {} });
    // @ts-expect-error login is POST only
    client.auth.login.$get();
    // @ts-expect-error login needs a password
    client.auth.login.$post({ json: { email: 'a@example.com' } });
    // @ts-expect-error refreshToken is a string
    client.auth.refresh.$post({ json: { refreshToken: 42 } });
    // @ts-expect-error gender is one of Hombre, Mujer, Otro
    client.auth.register.$post({ json: { ...ana, gender: 'x' } });
  };
  expect(typeof typeOnly).toBe('function');
});

test('the response type follows the documented statuses', async () => {
  const res = await clientFor(auth.app).auth.login.$post({ json: { email: uniqueEmail(), password: 'wrong' } });
  if (res.status === 401) {
    const body = await res.json();
    // An error response is typed as the one error shape.
    expect(body.error.code).toBe('UNAUTHORIZED');
  } else {
    throw new Error(`expected 401, got ${res.status}`);
  }
});
