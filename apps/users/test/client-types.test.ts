import { afterAll, beforeAll, expect, test } from 'bun:test';
import { hc } from 'hono/client';
import type { UsersApp } from '../src/app';
import { createTestUsers, newUser, type TestUsers } from './support';

// A typed `hc<UsersApp>` client must keep working with routes declared for OpenAPI. The lines
// marked as expected type errors are the type-level test: the typecheck target fails if a wrong
// path or body stops being an error (types lost), or if a right one becomes one.
let u: TestUsers;
beforeAll(async () => {
  u = await createTestUsers('users_client_types');
});
afterAll(async () => {
  await u.drop();
});

const clientFor = (app: TestUsers['app'], token: string) =>
  hc<UsersApp>('http://test', {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => app.request(input, init),
    headers: { authorization: `Bearer ${token}` },
  });

test('hc<UsersApp> calls the routes with typed paths, bodies and responses', async () => {
  const { token, email } = await newUser(u.db);
  const client = clientFor(u.app, token);
  const updated = await client.user.update.$put({ json: { shippingAddress: 'Calle 1', dayBirth: '3' } });
  if (updated.status !== 200) throw new Error(`update answered ${updated.status}`);
  const profile = await updated.json();
  const address: string | null = profile.shippingAddress;
  expect(address).toBe('Calle 1');
  const info = await client.user.info.$get();
  if (info.status !== 200) throw new Error(`info answered ${info.status}`);
  expect((await info.json()).email).toBe(email);
  expect((await client.user.$delete()).status).toBe(200);
});

test('wrong paths, methods and bodies do not type-check', () => {
  const client = clientFor(u.app, 'x');
  // Never called: these lines exist for the type checker.
  const typeOnly = () => {
    // @ts-expect-error no such route
    client.user.profile.$get();
    // @ts-expect-error info is GET only
    client.user.info.$post();
    // @ts-expect-error gender is one of Hombre, Mujer, Otro
    client.user.update.$put({ json: { gender: 'x' } });
    // @ts-expect-error the shipping address is text
    client.user.update.$put({ json: { shippingAddress: 5 } });
  };
  expect(typeof typeOnly).toBe('function');
});
