import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createDb } from '@greencommerce/db';
import {
  documents,
  type HostileCase,
  lintOpenApi,
  type OpenApiDoc,
  operations,
  standardHostileCases,
} from '@greencommerce/testing';
import { createApp, createTestCart, expectError, insertProduct, type TestCart } from './support';

// The document is generated from the routes; these tests hold it to what the routes really do.
let t: TestCart;
let doc: OpenApiDoc & Record<string, unknown>;
let user: Awaited<ReturnType<TestCart['user']>>;
let productId: number;
beforeAll(async () => {
  t = await createTestCart('cart_openapi', 'mysql');
  doc = await (await t.app.request('/openapi.json')).json();
  user = await t.user();
  productId = await insertProduct(t.db);
});
afterAll(async () => {
  await t.drop();
});

type App = { fetch: (r: Request) => Response | Promise<Response> };

async function expectDocumented(app: App, c: HostileCase) {
  const res = await app.fetch(c.request);
  expect({ case: `${c.operationId}: ${c.name}`, status: res.status }).toEqual({
    case: `${c.operationId}: ${c.name}`,
    status: c.expected,
  });
  expect(documents(doc, c.request, res.status)).toBe(true);
  // The one error shape, whatever refused the request.
  await expectError(res, c.expected);
}

/** A valid request per operation, as a signed-in user (merge: plus a guest cart), so only what a case breaks can refuse it. */
const valid: Record<string, { method: string; path: string; body?: unknown; guest?: boolean; user?: boolean }> = {
  getCart: { method: 'GET', path: '/cart', user: true },
  createGuestCart: { method: 'POST', path: '/cart' },
  addCartItem: { method: 'POST', path: '/cart/items', body: { productId: 1, quantity: 1 }, user: true },
  setCartItemQuantity: { method: 'PATCH', path: '/cart/items/1', body: { quantity: 0 }, user: true },
  removeCartItem: { method: 'DELETE', path: '/cart/items/1', user: true },
  emptyCart: { method: 'DELETE', path: '/cart', user: true },
  mergeGuestCart: { method: 'POST', path: '/cart/merge', user: true, guest: true },
};

async function validRequest(operationId: string): Promise<Request> {
  const v = valid[operationId];
  if (!v) throw new Error(`no operation ${operationId}`);
  const headers: Record<string, string> = {
    ...(v.user && user.headers),
    ...(v.guest && (await t.guest())),
    ...(v.body !== undefined && { 'content-type': 'application/json' }),
  };
  return new Request(`http://test${v.path}`, {
    method: v.method,
    headers,
    ...(v.body !== undefined && { body: JSON.stringify(v.body) }),
  });
}

describe('the OpenAPI document', () => {
  test('passes redocly lint (recommended rules) with no errors, only the warning we accept', () => {
    const problems = lintOpenApi(doc);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.map((p) => `${p.ruleId} ${p.pointer}`)).toEqual(['info-license-strict #/info/license']);
  });

  test('every operation is listed, says who may call it, and documents 503', () => {
    const ops = operations(doc).map((o) => o.operation);
    expect(ops.map((o) => o.operationId).sort()).toEqual(Object.keys(valid).sort());
    const byId = Object.fromEntries(ops.map((o) => [o.operationId, o]));
    expect(byId.createGuestCart?.security).toEqual([]);
    expect(byId.mergeGuestCart?.security).toEqual([{ bearerAuth: [], cartToken: [] }]);
    expect(byId.getCart?.security).toEqual([{ bearerAuth: [] }, { cartToken: [] }]);
    for (const o of ops) expect(Object.keys(o.responses)).toContain('503');
  });
});

describe('every status a route answers is documented, in the one error shape', () => {
  test('hostile requests: no token 401, malformed JSON 400, wrong type 415, oversized 413', async () => {
    // Path templates filled with a valid id, so only what each case breaks can refuse it.
    const cases = standardHostileCases(doc, user.headers.authorization.slice(7)).map((c) => ({
      ...c,
      request: new Request(c.request.url.replace(/%7B\w+%7D/g, '1'), c.request),
    }));
    expect(new Set(cases.map((c) => c.expected))).toEqual(new Set([400, 401, 413, 415]));
    expect(new Set(cases.map((c) => c.operationId))).toEqual(new Set(Object.keys(valid)));
    for (const c of cases) await expectDocumented(t.app, c);
  });

  test('hostile path parameters, bodies and tokens of the cart routes', async () => {
    const guest = await t.guest();
    const json = { ...guest, 'content-type': 'application/json' };
    const cases: HostileCase[] = [];
    const add = (name: string, operationId: string, expected: number, url: string, init: RequestInit) =>
      cases.push({ name, operationId, expected, request: new Request(`http://test${url}`, init) });
    for (const id of [
      'abc',
      '0',
      '-1',
      '1.5',
      '99999999999999999999',
      '1%20OR%201=1',
      "1'--",
      // Aliases Number() would read as product 1.
      '1.0',
      '0x1',
      '1e0',
      '%201',
      '+1',
      '01',
      '2147483648',
    ]) {
      add(`productId ${id}`, 'setCartItemQuantity', 400, `/cart/items/${id}`, {
        method: 'PATCH',
        headers: json,
        body: '{"quantity":1}',
      });
      add(`productId ${id}`, 'removeCartItem', 400, `/cart/items/${id}`, { method: 'DELETE', headers: guest });
    }
    for (const body of [
      '[]',
      'null',
      '"x"',
      '{"productId":"1; DROP TABLE carts","quantity":1}',
      '{"quantity":1}',
      // Values z.coerce turned into a product id: a string, a boolean, an array, hex, padding.
      `{"productId":"${productId}","quantity":1}`,
      '{"productId":true,"quantity":1}',
      `{"productId":[${productId}],"quantity":1}`,
      `{"productId":"0x${productId.toString(16)}","quantity":1}`,
      `{"productId":" ${productId} ","quantity":1}`,
      `{"productId":${productId},"quantity":"1"}`,
    ]) {
      add(`body ${body}`, 'addCartItem', 400, '/cart/items', { method: 'POST', headers: json, body });
    }
    add('quantity as huge number', 'addCartItem', 400, '/cart/items', {
      method: 'POST',
      headers: json,
      body: `{"productId":${productId},"quantity":1e308}`,
    });
    add('unknown product', 'addCartItem', 404, '/cart/items', {
      method: 'POST',
      headers: json,
      body: '{"productId":2147483647,"quantity":1}',
    });
    add('over the stock', 'addCartItem', 409, '/cart/items', {
      method: 'POST',
      headers: json,
      body: `{"productId":${productId},"quantity":99}`,
    });
    add('line not in the cart', 'setCartItemQuantity', 404, `/cart/items/${productId}`, {
      method: 'PATCH',
      headers: json,
      body: '{"quantity":1}',
    });
    for (const token of ['x', 'A'.repeat(43), 'A'.repeat(4000), '../../etc/passwd', '%00']) {
      add(`cart token ${token.slice(0, 12)}`, 'getCart', 404, '/cart', { headers: { 'x-cart-token': token } });
    }
    add('both a bearer token and a cart token', 'getCart', 400, '/cart', { headers: { ...user.headers, ...guest } });
    add('garbage bearer token', 'getCart', 401, '/cart', { headers: { authorization: 'Bearer x.y.z' } });
    add('merge without a cart token', 'mergeGuestCart', 400, '/cart/merge', { method: 'POST', headers: user.headers });
    add('merge with an unknown cart token', 'mergeGuestCart', 404, '/cart/merge', {
      method: 'POST',
      headers: { ...user.headers, 'x-cart-token': 'C'.repeat(43) },
    });
    for (const c of cases) await expectDocumented(t.app, c);
    expect((await t.call('GET', '/cart', guest)).status).toBe(200);
  });

  test('database down: 503 on every operation', async () => {
    // A database server that refuses connections (nothing listens on port 1).
    const dead = createDb({ url: 'mysql://root@127.0.0.1:1/gone', poolSize: 1, connectTimeoutMs: 1000 });
    const down = createApp({ ...t.deps, db: dead });
    for (const { operation } of operations(doc)) {
      const request = await validRequest(operation.operationId);
      await expectDocumented(down, {
        name: 'database down',
        operationId: operation.operationId,
        expected: 503,
        request,
      });
    }
    await dead.destroy();
  });

  test('service endpoints: /healthz, /readyz, /docs; CORS lets a browser send PATCH and X-Cart-Token', async () => {
    expect((await t.app.request('/healthz')).status).toBe(200);
    expect(await (await t.app.request('/readyz')).json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', outbox: 'ok' },
    });
    expect((await t.app.request('/docs')).status).toBe(200);
    const preflight = await t.app.request('/cart/items/1', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'x-cart-token,content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-cart-token');
    await expectError(await t.app.request('/cart/nothing'), 404, 'NOT_FOUND');
  });
});

describe('guest cart creation is rate limited per client', () => {
  test('past the limit: 429 with Retry-After, documented, in the one error shape; other clients are unaffected', async () => {
    const limited = createApp({
      ...t.deps,
      config: { ...t.deps.config, trustedProxyHops: 1, guestCartIpLimit: 2, guestCartIpWindowMs: 3_600_000 },
    });
    const from = (ip: string) =>
      new Request('http://test/cart', { method: 'POST', headers: { 'x-forwarded-for': ip } });
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 2; i++) expect((await limited.fetch(from(ip))).status).toBe(201);
    const res = await limited.fetch(from(ip));
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectError(res, 429, 'TOO_MANY_REQUESTS');
    // Another address of the same IPv6 /64 counts as the same client; another client does not.
    const v6 = `2001:db8:${Math.floor(Math.random() * 65535).toString(16)}:1::`;
    for (let i = 0; i < 2; i++) expect((await limited.fetch(from(`${v6}${i + 1}`))).status).toBe(201);
    await expectError(await limited.fetch(from(`${v6}99`)), 429, 'TOO_MANY_REQUESTS');
    expect((await limited.fetch(from('198.51.100.7'))).status).toBe(201);
  });
});
