import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createDb } from '@greencommerce/db';
import { documents, type OpenApiDoc, standardHostileCases } from '@greencommerce/testing';
import { png } from '@greencommerce/testing/images';
import {
  adminToken,
  createViaApi,
  graphQlPayload,
  imageFile,
  outboxCount,
  productCount,
  send,
  uploadTo,
} from './admin-support';
import { createApp, createTestCatalog, expectError, type TestCatalog } from './support';

// Hostile input on every admin write, on MariaDB: each is refused in the one error shape with a
// documented status (./support's app fails any undocumented one), and leaves nothing written.
const ADMIN_OPERATIONS = [
  'createProduct',
  'updateProduct',
  'archiveProduct',
  'adjustProductStock',
  'addProductImage',
  'removeProductImage',
];

let t: TestCatalog;
let doc: OpenApiDoc;
let target: { id: number; slug: string };
beforeAll(async () => {
  // A small upload limit keeps the service-wide body ceiling under the corpus's 2 MiB bodies.
  t = await createTestCatalog('mysql', 'catalog_admin_hostile', { maxUploadBytes: 64 * 1024 });
  doc = await (await t.app.request('/openapi.json')).json();
  target = (await createViaApi(t.app, { stock: 5 })).product;
});
afterAll(async () => {
  await t.drop();
});

test('the standard corpus on every admin operation: no token 401, bad JSON 400, wrong type 415, oversized 413', async () => {
  const params = { idOrSlug: String(target.id), imageId: crypto.randomUUID() };
  const cases = standardHostileCases(doc, adminToken, params).filter((c) => ADMIN_OPERATIONS.includes(c.operationId));
  expect(new Set(cases.map((c) => c.operationId))).toEqual(new Set(ADMIN_OPERATIONS));
  for (const c of cases) {
    const res = await t.app.fetch(c.request);
    expect({ case: `${c.operationId}: ${c.name}`, status: res.status }).toEqual({
      case: `${c.operationId}: ${c.name}`,
      status: c.expected,
    });
    expect(documents(doc, c.request, res.status)).toBe(true);
  }
});

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('POST /products', () => {
  test.each([
    ['a negative price as text', { price: '-0.01' }],
    ['a price of 1e308', { price: 1e308 }],
    ['a price in exponent notation', { price: '1e3' }],
    ['a price with a thousands separator', { price: '1,000.00' }],
    ['a price as an object', { price: { $gt: 0 } }],
    ['stock past 2^53', { stock: 2 ** 53 + 2 }],
    ['stock as a boolean', { stock: true }],
    ['a rating of "NaN"', { rating: 'NaN' }],
    ['a 256-character name', { name: 'n'.repeat(256) }],
    ['a 10,001-character description', { description: 'd'.repeat(10_001) }],
    ['a name with a lone surrogate', { name: 'bad \ud800 name' }],
    ['a category path', { category: '../../etc/passwd' }],
    ['a category that is SQL', { category: "tecnologia' OR '1'='1" }],
    ['a slug with an accent', { slug: 'café' }],
    ['a 161-character slug', { slug: 's'.repeat(161) }],
    ['a data: image', { image_url: 'data:image/png;base64,iVBORw0KGgo=' }],
    ['a file: image', { image_url: 'file:///etc/passwd' }],
    ['an image URL of 1001 characters', { image_url: `https://x.example/${'a'.repeat(990)}` }],
    ['a currency that is markup', { currency: '<b>' }],
    ['featured as a number', { featured: 1 }],
  ])('%s: 400, nothing written', async (_, overrides) => {
    const before = [await productCount(t.db), await outboxCount(t.db)];
    await expectError(await send(t.app, 'POST', '/products', graphQlPayload(overrides)), 400, 'VALIDATION_FAILED');
    expect([await productCount(t.db), await outboxCount(t.db)]).toEqual(before);
  });

  test('deeply nested JSON is refused, not a crash', async () => {
    await expectError(await send(t.app, 'POST', '/products', nested(5000)), 400);
  });

  test('a duplicate slug 409, an unknown category 400', async () => {
    await expectError(await send(t.app, 'POST', '/products', graphQlPayload({ slug: target.slug })), 409, 'CONFLICT');
    await expectError(await send(t.app, 'POST', '/products', graphQlPayload({ category: 'Juguetes' })), 400);
  });

  test('SQL, FTS operators and a __proto__ key are stored as plain text', async () => {
    const name = `Robert'); DROP TABLE products;-- "*()-+~<> ${Date.now()}`;
    const body = `{"__proto__": {"isAdmin": true}, ${JSON.stringify(graphQlPayload({ name })).slice(1)}`;
    const res = await send(t.app, 'POST', '/products', body);
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.name).toBe(name);
    expect(created).not.toHaveProperty('isAdmin');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect((await t.app.request(`/products/${created.id}`)).status).toBe(200);
    expect(await productCount(t.db)).toBeGreaterThan(0);
  });
});

describe('PATCH, DELETE and the sub-resources', () => {
  test.each([
    ['PATCH', '/products/-1', { price: 1 }, 400],
    ['PATCH', `/products/${'9'.repeat(100)}`, { price: 1 }, 404],
    ['PATCH', '/products/0', { price: 1 }, 404],
    ['PATCH', '/products/%2e%2e%2fadmin', { price: 1 }, 400],
    ['DELETE', `/products/${'x'.repeat(161)}`, undefined, 400],
    ['POST', '/products/1 OR 1=1/stock-adjustments', { delta: 1, reason: 'x' }, 400],
    ['DELETE', "/products/1/images/' OR 1=1 --", undefined, 400],
  ] as const)('%s %s: %i', async (method, path, body, status) => {
    const before = await outboxCount(t.db);
    await expectError(await send(t.app, method, path, body), status);
    expect(await outboxCount(t.db)).toBe(before);
  });

  test('If-Match that is garbage or enormous: 412 or 400, never a write', async () => {
    const before = await outboxCount(t.db);
    for (const ifMatch of ['"', 'W/', '"p1-v1" garbage', `"${'x'.repeat(100)}"`]) {
      await expectError(
        await send(t.app, 'PATCH', `/products/${target.id}`, { price: 3 }, { headers: { 'if-match': ifMatch } }),
        412,
      );
    }
    await expectError(
      await send(t.app, 'PATCH', `/products/${target.id}`, { price: 3 }, { headers: { 'if-match': 'x'.repeat(2000) } }),
      400,
    );
    expect(await outboxCount(t.db)).toBe(before);
  });

  test.each([
    [{ delta: 1e308, reason: 'x' }],
    [{ delta: -(2 ** 31), reason: 'x' }],
    [{ delta: '-1', reason: 'x' }],
    [{ delta: null, reason: 'x' }],
    [{ delta: 1, reason: 'bell\u0007' }],
    [{ delta: 1, reason: 'r'.repeat(201) }],
    [{ delta: [1], reason: 'x' }],
  ])('stock adjustment %j: 400 and the stock unchanged', async (body) => {
    await expectError(await send(t.app, 'POST', `/products/${target.id}/stock-adjustments`, body), 400);
    expect((await (await t.app.request(`/products/${target.id}`)).json()).quantity).toBe(5);
  });

  test('a stock adjustment body past its 4 KiB limit is 413', async () => {
    const body = { delta: 1, reason: 'r'.repeat(10_000) };
    await expectError(await send(t.app, 'POST', `/products/${target.id}/stock-adjustments`, body), 413);
  });
});

test('database down: 503 naming it on every admin operation', async () => {
  // A database server that refuses connections (nothing listens on port 1).
  const dead = createDb({ url: 'mysql://root@127.0.0.1:1/gone', poolSize: 1, connectTimeoutMs: 1000 });
  const down = createApp({ ...t.deps, db: dead });
  const id = target.id;
  const responses = [
    await send(down, 'POST', '/products', graphQlPayload()),
    await send(down, 'PATCH', `/products/${id}`, { price: 1 }),
    await send(down, 'DELETE', `/products/${id}`),
    await send(down, 'POST', `/products/${id}/stock-adjustments`, { delta: 1, reason: 'x' }),
    await uploadTo(down, id, { image: imageFile(png()) }),
    await send(down, 'DELETE', `/products/${id}/images/${crypto.randomUUID()}`),
  ];
  for (const res of responses) {
    expect((await expectError(res, 503, 'SERVICE_UNAVAILABLE')).message).toBe('database unavailable');
  }
  await dead.destroy();
});
