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
import {
  checkoutBody,
  createApp,
  createTestOrders,
  expectError,
  fillCart,
  insertProduct,
  type TestOrders,
} from './support';

// The document is generated from the routes; these tests hold it to what the order routes really do
// (the payment routes have their own suite, payments-openapi.test.ts).
let t: TestOrders;
let doc: OpenApiDoc & Record<string, unknown>;
let user: Awaited<ReturnType<TestOrders['user']>>;
let admin: Awaited<ReturnType<TestOrders['admin']>>;
let orderId: string;
beforeAll(async () => {
  t = await createTestOrders('orders_openapi', 'mysql');
  doc = await (await t.app.request('/openapi.json')).json();
  user = await t.user();
  admin = await t.admin();
  const p = await insertProduct(t.db, { stock: 100 });
  await fillCart(t.db, user.id, [{ productId: p, quantity: 1 }]);
  orderId = (await (await t.checkout(user.headers)).json()).order.id;
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
  await expectError(res, c.expected);
}

/** A valid request per order operation, so only what a case breaks can refuse it. */
const valid = (): Record<
  string,
  { method: string; path: string; body?: unknown; headers: Record<string, string> }
> => ({
  checkout: {
    method: 'POST',
    path: '/checkout',
    body: checkoutBody(),
    headers: { ...user.headers, 'idempotency-key': crypto.randomUUID() },
  },
  listMyOrders: { method: 'GET', path: '/orders', headers: user.headers },
  getOrder: { method: 'GET', path: `/orders/${orderId}`, headers: user.headers },
  cancelOrder: { method: 'POST', path: `/orders/${orderId}/cancel`, headers: user.headers },
  fulfilOrder: { method: 'POST', path: `/orders/${orderId}/fulfil`, headers: admin.headers },
  adminListOrders: { method: 'GET', path: '/admin/orders?status=paid', headers: admin.headers },
});
const ORDER_OPERATIONS = Object.keys({
  checkout: 1,
  listMyOrders: 1,
  getOrder: 1,
  cancelOrder: 1,
  fulfilOrder: 1,
  adminListOrders: 1,
});

function request(v: ReturnType<typeof valid>[string]): Request {
  return new Request(`http://test${v.path}`, {
    method: v.method,
    headers: { ...v.headers, ...(v.body !== undefined && { 'content-type': 'application/json' }) },
    ...(v.body !== undefined && { body: JSON.stringify(v.body) }),
  });
}

describe('the OpenAPI document', () => {
  test('passes redocly lint (recommended rules) with no errors, only the warning we accept', () => {
    const problems = lintOpenApi(doc);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.map((p) => `${p.ruleId} ${p.pointer}`)).toEqual(['info-license-strict #/info/license']);
  });

  test('every order operation is listed, needs a bearer token, and documents 401 and 503', () => {
    const byId = Object.fromEntries(operations(doc).map((o) => [o.operation.operationId, o.operation]));
    for (const id of ORDER_OPERATIONS) {
      const op = byId[id] as unknown as { security: unknown; responses: Record<string, unknown> };
      expect(op).toBeDefined();
      expect(op.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '503']));
    }
  });
});

describe('every status an order route answers is documented, in the one error shape', () => {
  test('hostile requests: no token 401, malformed JSON 400, wrong type 415, oversized 413', async () => {
    const cases = standardHostileCases(doc, user.headers.authorization.slice(7), { id: orderId })
      .filter((c) => ORDER_OPERATIONS.includes(c.operationId))
      // The checkout's key, so only what each case breaks can refuse it.
      .map((c) =>
        c.operationId === 'checkout'
          ? { ...c, request: new Request(c.request, { headers: withKey(c.request.headers) }) }
          : c,
      );
    expect(new Set(cases.map((c) => c.expected))).toEqual(new Set([400, 401, 413, 415]));
    expect(new Set(cases.map((c) => c.operationId))).toEqual(new Set(ORDER_OPERATIONS));
    for (const c of cases) await expectDocumented(t.app, c);
  });

  test('hostile path parameters, queries, headers, bodies and tokens', async () => {
    const cases: HostileCase[] = [];
    const add = (name: string, operationId: string, expected: number, url: string, init: RequestInit) =>
      cases.push({ name, operationId, expected, request: new Request(`http://test${url}`, init) });
    const json = { ...user.headers, 'content-type': 'application/json' };
    for (const id of [
      'abc',
      '0',
      '-1',
      '1%20OR%201=1',
      "1'--",
      `${orderId}x`,
      orderId.toUpperCase(),
      '..%2F..%2Fetc',
    ]) {
      add(`id ${id}`, 'getOrder', 400, `/orders/${id}`, { headers: user.headers });
      add(`id ${id}`, 'cancelOrder', 400, `/orders/${id}/cancel`, { method: 'POST', headers: user.headers });
      add(`id ${id}`, 'fulfilOrder', 400, `/orders/${id}/fulfil`, { method: 'POST', headers: admin.headers });
    }
    for (const q of [
      'limit=0',
      'limit=101',
      'limit=1e2',
      'limit=-1',
      'cursor=x',
      "cursor=' OR 1=1",
      'sort=id',
      'userId=1',
    ]) {
      add(`query ${q}`, 'listMyOrders', 400, `/orders?${q}`, { headers: user.headers });
    }
    for (const q of [
      'status=PAID',
      'from=2026-13-01',
      'to=tomorrow',
      'userId=0',
      'userId=1;DROP',
      'limit=x',
      'cursor=1',
    ]) {
      add(`query ${q}`, 'adminListOrders', 400, `/admin/orders?${q}`, { headers: admin.headers });
    }
    add('not an admin', 'adminListOrders', 403, '/admin/orders', { headers: user.headers });
    add('not an admin', 'fulfilOrder', 403, `/orders/${orderId}/fulfil`, { method: 'POST', headers: user.headers });
    add("someone else's order", 'getOrder', 404, `/orders/${orderId}`, { headers: (await t.user()).headers });
    for (const token of ['x.y.z', 'A'.repeat(5000), 'Bearer', '%00']) {
      add(`token ${token.slice(0, 10)}`, 'listMyOrders', 401, '/orders', {
        headers: { authorization: `Bearer ${token}` },
      });
    }
    const key = () => ({ ...json, 'idempotency-key': crypto.randomUUID() });
    add('no Idempotency-Key', 'checkout', 400, '/checkout', {
      method: 'POST',
      headers: json,
      body: JSON.stringify(checkoutBody()),
    });
    for (const k of ['', ' ', 'k'.repeat(256), 'a b', 'a\tb', 'caf\u00e9']) {
      add(`Idempotency-Key ${JSON.stringify(k.slice(0, 8))}`, 'checkout', 400, '/checkout', {
        method: 'POST',
        headers: { ...json, 'idempotency-key': k },
        body: JSON.stringify(checkoutBody()),
      });
    }
    const address = checkoutBody().shippingAddress;
    for (const body of [
      '[]',
      'null',
      '"x"',
      '{}',
      JSON.stringify({ paymentProvider: 'fake' }),
      JSON.stringify(checkoutBody({ paymentProvider: 'Fake; DROP TABLE orders' })),
      JSON.stringify(checkoutBody({ paymentProvider: 'paypal' })),
      JSON.stringify(checkoutBody({ shippingAddress: { ...address, country: 'Ecuador' } })),
      JSON.stringify(checkoutBody({ shippingAddress: { ...address, name: '' } })),
      JSON.stringify(checkoutBody({ shippingAddress: { ...address, line1: 'x'.repeat(201) } })),
      JSON.stringify(checkoutBody({ shippingAddress: { ...address, city: 'Quito\u0000' } })),
      JSON.stringify(checkoutBody({ shippingAddress: { ...address, postalCode: 170135 } })),
      JSON.stringify(checkoutBody({ shippingAddress: 'Av. Amazonas 123' })),
    ]) {
      add(`body ${body.slice(0, 60)}`, 'checkout', 400, '/checkout', { method: 'POST', headers: key(), body });
    }
    // The user's cart was checked out: a new checkout has nothing to order.
    add('empty cart', 'checkout', 409, '/checkout', {
      method: 'POST',
      headers: key(),
      body: JSON.stringify(checkoutBody()),
    });
    for (const c of cases) await expectDocumented(t.app, c);
  });

  test('database down: 503 on every order operation', async () => {
    // A database server that refuses connections (nothing listens on port 1).
    const dead = createDb({ url: 'mysql://root@127.0.0.1:1/gone', poolSize: 1, connectTimeoutMs: 1000 });
    const down = createApp({ ...t.deps, db: dead });
    for (const [operationId, v] of Object.entries(valid())) {
      await expectDocumented(down, { name: 'database down', operationId, expected: 503, request: request(v) });
    }
    await dead.destroy();
  });

  test('service endpoints: /healthz, /readyz, /docs; CORS lets a browser send Idempotency-Key', async () => {
    expect((await t.app.request('/healthz')).status).toBe(200);
    expect(await (await t.app.request('/readyz')).json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', outbox: 'ok' },
    });
    expect((await t.app.request('/docs')).status).toBe(200);
    const preflight = await t.app.request('/checkout', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'idempotency-key,content-type,authorization',
      },
    });
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    await expectError(await t.app.request('/orders-nothing'), 404, 'NOT_FOUND');
  });
});

function withKey(headers: Headers): Headers {
  const h = new Headers(headers);
  h.set('idempotency-key', crypto.randomUUID());
  return h;
}
