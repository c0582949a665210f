import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createMysqlTestDb,
  type Service,
  signingKey,
  startService,
  type TestDb,
  uniqueEmail,
} from '@greencommerce/testing';
import { type ApiError, createClient, fieldErrors, isApiError, SERVICES, type ServiceName } from '../src/index';

// The client against the real services as processes on one MariaDB database, as a storefront's
// server would use them: auth issues the token, the others verify it with auth's published keys.
let t: TestDb;
let dir: string;
const running: Partial<Record<ServiceName, Service>> = {};
let token: string | undefined;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  t = await createMysqlTestDb('client_http');
  dir = mkdtempSync(path.join(tmpdir(), 'gc-client-http-'));
  const common = { NODE_ENV: 'test', DATABASE_URL: t.url, MEDIA_DIR: path.join(dir, 'media') };
  running.auth = await startService('auth', {
    ...common,
    AUTH_WORKERS: '1',
    JWT_PRIVATE_KEYS: JSON.stringify([await signingKey()]),
  });
  const verify = { AUTH_JWKS_URL: `${running.auth.base}/.well-known/jwks.json` };
  const [users, catalog, cart] = await Promise.all([
    startService('users', { ...common, ...verify, USERS_WORKERS: '1' }),
    startService('catalog', { ...common, ...verify, CATALOG_WORKERS: '1', SEED_DEMO_CATALOG: 'true' }),
    startService('cart', { ...common, ...verify, CART_WORKERS: '1' }),
  ]);
  Object.assign(running, { users, catalog, cart });
  const urls = Object.fromEntries(Object.entries(running).map(([name, s]) => [name, s.base]));
  client = createClient({ urls, token: () => token });
}, 60_000);

afterAll(async () => {
  for (const name of SERVICES) running[name]?.proc.kill();
  await Promise.all(SERVICES.map((name) => running[name]?.proc.exited));
  await t?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('register and log in through auth, then read the profile from users with the token', async () => {
  const email = uniqueEmail('client');
  const registered = await client.auth.POST('/auth/register', {
    body: {
      name: 'Ana',
      lastName: 'Pérez',
      dayBirth: '15',
      monthBirth: 2,
      yearBirth: 1990,
      gender: 'Mujer',
      phoneNumber: '0991234567',
      email,
      password: 'correct horse battery',
    },
  });
  expect(registered.response.status).toBe(201);
  expect(registered.data).toMatchObject({ email, name: 'Ana', dayBirth: 15 });

  const login = await client.auth.POST('/auth/login', { body: { email, password: 'correct horse battery' } });
  if (!login.data) throw new Error(`login answered ${login.response.status}`);
  expect(login.data.tokenType).toBe('Bearer');
  token = login.data.token;

  const me = await client.users.GET('/user/info');
  expect(me.response.status).toBe(200);
  expect(me.data).toMatchObject({ email, name: 'Ana', lastName: 'Pérez', role: 'customer', emailVerified: false });
});

test('list products from catalog and add one to a guest cart', async () => {
  // A guest sends no bearer token: the cart refuses a request with both it and X-Cart-Token.
  token = undefined;
  const listed = await client.catalog.GET('/products', {
    params: { query: { category: 'tecnologia', sort: 'price', limit: '3', withTotal: 'true' } },
  });
  expect(listed.response.status).toBe(200);
  const products = listed.data ?? [];
  expect(products.length).toBeGreaterThan(0);
  expect(products.every((p) => p.categorySlug === 'tecnologia')).toBe(true);
  const prices = products.map((p) => p.price);
  expect(prices).toEqual([...prices].sort((a, b) => a - b));
  expect(Number(listed.response.headers.get('x-total-count'))).toBeGreaterThanOrEqual(products.length);

  const guest = await client.cart.POST('/cart');
  if (!guest.data) throw new Error(`POST /cart answered ${guest.response.status}`);
  const product = products[0]!;
  const added = await client.cart.POST('/cart/items', {
    body: { productId: product.id, quantity: 2 },
    headers: { 'x-cart-token': guest.data.token },
  });
  expect(added.response.status).toBe(200);
  expect(added.data?.items).toEqual([
    expect.objectContaining({ productId: product.id, name: product.name, unitPrice: product.price, quantity: 2 }),
  ]);
  expect(added.data?.itemCount).toBe(2);
});

test('errors come back typed as the one error shape, with field errors for a form', async () => {
  token = undefined;
  const wrong = await client.auth.POST('/auth/login', {
    body: { email: uniqueEmail('nobody'), password: 'not the password' },
  });
  expect(wrong.response.status).toBe(401);
  const unauthorized: ApiError | undefined = wrong.error;
  expect(unauthorized?.error.code).toBe('UNAUTHORIZED');
  expect(unauthorized?.error.requestId).toEqual(expect.any(String));

  const invalid = await client.auth.POST('/auth/register', {
    body: {
      name: 'Ana',
      lastName: 'Pérez',
      dayBirth: 15,
      monthBirth: 2,
      yearBirth: 1990,
      gender: 'Mujer',
      phoneNumber: '0991234567',
      email: 'not an address',
      password: 'short',
    },
  });
  expect(invalid.response.status).toBe(400);
  expect(isApiError(invalid.error)).toBe(true);
  expect(invalid.error?.error.code).toBe('VALIDATION_FAILED');
  expect(Object.keys(fieldErrors(invalid.error)).sort()).toEqual(['email', 'password']);

  const anonymous = await client.users.GET('/user/info');
  expect(anonymous.response.status).toBe(401);
  expect(anonymous.error?.error.code).toBe('UNAUTHORIZED');
});
