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
import { png } from '@greencommerce/testing/images';
import { adminToken } from './admin-support';
import { createApp, createTestCatalog, expectError, insertProduct, type TestCatalog } from './support';

// The document is generated from the routes; these tests hold it to what the routes really do.
let t: TestCatalog;
let doc: OpenApiDoc & Record<string, unknown>;
beforeAll(async () => {
  // A small upload limit keeps the service-wide body ceiling under the corpus's 2 MiB bodies.
  t = await createTestCatalog('mysql', 'catalog_openapi', { maxUploadBytes: 64 * 1024 });
  doc = await (await t.app.request('/openapi.json')).json();
  await insertProduct(t.db, { slug: 'known' });
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
  if (c.expected >= 400) await expectError(res, c.expected);
}

/** A valid request per operation, so that only what a case breaks can refuse it. Every operation needs one. */
const valid: Record<string, { method: string; path: string; json?: unknown; image?: true }> = {
  listProducts: { method: 'GET', path: '/products?q=known&sort=price&limit=5' },
  listFeaturedProducts: { method: 'GET', path: '/products/featured' },
  getProduct: { method: 'GET', path: '/products/known' },
  listCategories: { method: 'GET', path: '/categories' },
  createProduct: {
    method: 'POST',
    path: '/products',
    json: { name: 'Valid', price: 1, category: 'tecnologia', quantity: 1 },
  },
  updateProduct: { method: 'PATCH', path: '/products/known', json: { price: 2 } },
  archiveProduct: { method: 'DELETE', path: '/products/known' },
  adjustProductStock: { method: 'POST', path: '/products/known/stock-adjustments', json: { delta: 1, reason: 'x' } },
  addProductImage: { method: 'POST', path: '/products/known/images', image: true },
  removeProductImage: { method: 'DELETE', path: `/products/known/images/${crypto.randomUUID()}` },
};

const PUBLIC_READS = ['listProducts', 'listFeaturedProducts', 'getProduct', 'listCategories'];

function validRequest(operationId: string): Request {
  const v = valid[operationId];
  if (!v) throw new Error(`no valid request for ${operationId}: add one to this table`);
  const headers: Record<string, string> = PUBLIC_READS.includes(operationId)
    ? {}
    : { authorization: `Bearer ${adminToken}` };
  let body: BodyInit | undefined;
  if (v.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(v.json);
  } else if (v.image) {
    body = new FormData();
    body.append('image', new File([png()], 'a.png', { type: 'image/png' }));
  }
  return new Request(`http://test${v.path}`, { method: v.method, headers, body });
}

const request = (operationId: string, name: string, path: string, expected: number, headers = {}) => ({
  name,
  operationId,
  expected,
  request: new Request(`http://test${path}`, { headers }),
});

describe('the OpenAPI document', () => {
  test('passes redocly lint (recommended rules) with no errors, only the warning we accept', () => {
    const problems = lintOpenApi(doc);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    // Until a route needs a token, the bearer scheme every router registers is unused.
    const bearerUsed = operations(doc).some((o) => o.operation.security?.length);
    expect(problems.map((p) => `${p.ruleId} ${p.pointer}`)).toEqual([
      'info-license-strict #/info/license',
      ...(bearerUsed ? [] : ['no-unused-components #/components/securitySchemes/bearerAuth']),
    ]);
  });

  test('every operation has a valid request here; the reads are public, cacheable and document 304, 400 and 503', () => {
    const ops = operations(doc).map((o) => o.operation);
    expect(ops.map((o) => o.operationId).sort()).toEqual(Object.keys(valid).sort());
    for (const o of ops.filter((o) => PUBLIC_READS.includes(o.operationId))) {
      expect(o.security).toEqual([]);
      expect(Object.keys(o.responses).sort()).toEqual(expect.arrayContaining(['200', '304', '400', '503']));
    }
    // Every other operation is an admin write: a bearer token, 401 without one, 403 without the role.
    for (const o of ops.filter((o) => !PUBLIC_READS.includes(o.operationId))) {
      expect(o.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(o.responses)).toEqual(
        expect.arrayContaining(
          ['400', '401', '403', '404', '503'].filter((s) => s !== '404' || o.operationId !== 'createProduct'),
        ),
      );
    }
  });

  test('the list documents its query parameters and paging headers', () => {
    const list = doc.paths['/products']?.get as unknown as {
      parameters: { name: string; in: string }[];
      responses: { 200: { headers: Record<string, unknown> } };
    };
    expect(list.parameters.map((p) => p.name).sort()).toEqual(
      [
        'brand',
        'category',
        'cursor',
        'featured',
        'inStock',
        'limit',
        'maxPrice',
        'minPrice',
        'minRating',
        'q',
        'sort',
        'withTotal',
      ].sort(),
    );
    expect(Object.keys(list.responses[200].headers).sort()).toEqual(['Cache-Control', 'ETag', 'Link', 'X-Total-Count']);
  });
});

describe('every status a route answers is documented', () => {
  test('valid requests answer 200, and 304 when revalidated', async () => {
    for (const operationId of Object.keys(valid).filter((id) => PUBLIC_READS.includes(id))) {
      const first = await t.app.fetch(validRequest(operationId));
      expect({ operationId, status: first.status }).toEqual({ operationId, status: 200 });
      const etag = first.headers.get('etag')!;
      const v = valid[operationId]!;
      await expectDocumented(t.app, request(operationId, 'revalidated', v.path, 304, { 'if-none-match': etag }));
    }
  });

  test('the standard hostile corpus', async () => {
    // The admin writes' bodies are only reached with an admin's token and a product that exists.
    const params = { idOrSlug: 'known', imageId: crypto.randomUUID() };
    for (const c of standardHostileCases(doc, adminToken, params)) await expectDocumented(t.app, c);
  });

  test('hostile queries: huge limits, FTS and SQL operators, malformed cursors, unknown parameters', async () => {
    const op = 'listProducts';
    const cases = [
      request(op, 'huge limit', '/products?limit=99999999999999999999', 400),
      request(op, 'negative limit', '/products?limit=-5', 400),
      request(op, 'malformed cursor', '/products?cursor=%7B%7D', 400),
      request(op, 'cursor of garbage', `/products?cursor=${Buffer.from('garbage').toString('base64url')}`, 400),
      request(op, 'unknown parameter', '/products?admin=true', 400),
      request(op, 'negative price', '/products?minPrice=-1', 400),
      request(op, 'unknown category', '/products?category=nope', 400),
      request(op, 'fts operators', `/products?q=${encodeURIComponent('"*()-+~<>')}`, 200),
      request(op, 'sql in q', `/products?q=${encodeURIComponent("' OR 1=1; --")}`, 200),
      request(op, 'fts syntax in q', `/products?q=${encodeURIComponent('NEAR("a" "b", 2) OR c*')}`, 200),
      request('listFeaturedProducts', 'huge limit', '/products/featured?limit=100000', 400),
      request('listFeaturedProducts', 'unknown parameter', '/products/featured?q=x', 400),
      request('getProduct', 'unknown product', '/products/nope', 404),
      request('listCategories', 'unknown parameter', '/categories?sort=name', 400),
      // Digits past any id can only be a slug, and no product has it.
      request('getProduct', 'id past any integer', `/products/${'9'.repeat(40)}`, 404),
      request('getProduct', 'longer than any slug', `/products/${'a'.repeat(161)}`, 400),
      request('getProduct', 'long id within bounds', `/products/${'9'.repeat(15)}`, 404),
      request('getProduct', 'uppercase', '/products/NOPE', 400),
      request('getProduct', 'sql', `/products/${encodeURIComponent("1' OR '1'='1")}`, 400),
    ];
    for (const c of cases) await expectDocumented(t.app, c);
  });

  test('database down: 503 naming it on every operation', async () => {
    // A database server that refuses connections (nothing listens on port 1).
    const dead = createDb({ url: 'mysql://root@127.0.0.1:1/gone', poolSize: 1, connectTimeoutMs: 1000 });
    const down = createApp({ ...t.deps, db: dead });
    for (const { operation } of operations(doc)) {
      const { operationId } = operation;
      const res = await down.fetch(validRequest(operationId));
      expect({ operationId, status: res.status }).toEqual({ operationId, status: 503 });
      expect((await expectError(res, 503, 'SERVICE_UNAVAILABLE')).message).toBe('database unavailable');
    }
    const ready = await expectError(await down.request('/readyz'), 503, 'SERVICE_UNAVAILABLE');
    expect(ready.message).toContain('database');
    await dead.destroy();
  });
});
