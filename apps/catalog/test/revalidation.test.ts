import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createBaseApp, createLogger } from '@greencommerce/http';
import { type RevalidationCache, revalidationCache } from '../src/routes/revalidation-cache';
import { send } from './admin-support';
import { createApp, createTestCatalog, expectError, insertProduct, type TestCatalog } from './support';

let t: TestCatalog;
beforeAll(async () => {
  t = await createTestCatalog('sqlite', 'catalog_revalidation');
});
afterAll(async () => {
  await t.drop();
});

/** A bare app that asks the cache before routing, as the catalog's does. */
const appWith = (cache: RevalidationCache) =>
  createBaseApp({ logger: createLogger('test', { level: 'silent' }), corsOrigins: [], answerEarly: cache.answer });
const withCache = (ttlMs: number) => createApp({ ...t.deps, config: { ...t.deps.config, revalidateCacheMs: ttlMs } });
const archive = (id: number) =>
  t.db.updateTable('products').set({ archived_at: new Date() }).where('id', '=', id).execute();

describe('revalidation without a query', () => {
  test('a 304 within the window comes from memory; every 200 and 404 still reads the database', async () => {
    const app = withCache(60_000);
    const id = await insertProduct(t.db, { slug: 'cached' });
    const first = await app.request('/products/cached');
    const etag = first.headers.get('etag')!;
    const list = (await app.request('/products')).headers.get('etag')!;
    // Another worker archives it: this one's database reads see that at once...
    await archive(id);
    await expectError(await app.request('/products/cached'), 404, 'NOT_FOUND');
    expect(await (await app.request('/products')).json()).toEqual([]);
    // ...but a revalidation of what it answered a moment ago is answered from memory.
    const again = await app.request('/products/cached', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    // The list was answered again since (an empty one): its old validator is no longer current.
    expect((await app.request('/products', { headers: { 'if-none-match': list } })).status).toBe(200);
    // A validator it never gave goes to the database.
    await expectError(
      await app.request('/products/cached', { headers: { 'if-none-match': '"p1-v9"' } }),
      404,
      'NOT_FOUND',
    );
  });

  test('a write through this process forgets the validators at once', async () => {
    const app = withCache(60_000);
    await insertProduct(t.db, { slug: 'restocked', stock: 1 });
    const etag = (await app.request('/products/restocked')).headers.get('etag')!;
    const adjusted = await send(app, 'POST', '/products/restocked/stock-adjustments', { delta: 2, reason: 'restock' });
    expect(adjusted.status).toBe(201);
    const res = await app.request('/products/restocked', { headers: { 'if-none-match': etag } });
    expect(res.status).toBe(200);
    expect((await res.json()).quantity).toBe(3);
  });

  test('off with 0, and expired entries go to the database', async () => {
    const id = await insertProduct(t.db, { slug: 'uncached' });
    for (const app of [withCache(0), withCache(1)]) {
      await t.db.updateTable('products').set({ archived_at: null }).where('id', '=', id).execute();
      const etag = (await app.request('/products/uncached')).headers.get('etag')!;
      await archive(id);
      await Bun.sleep(5);
      const res = await app.request('/products/uncached', { headers: { 'if-none-match': etag } });
      await expectError(res, 404, 'NOT_FOUND');
    }
  });

  test('clear() forgets every validator; the map never holds more than its bound', async () => {
    const cache = revalidationCache({ ttlMs: 60_000, maxEntries: 2 });
    const app = appWith(cache).get('*', (c) => c.text('from the database'));
    const ask = async (path: string) => (await app.request(path, { headers: { 'if-none-match': '"e"' } })).status;
    for (const p of ['/a', '/b', '/c']) cache.remember(`http://localhost${p}`, '"e"', 'public');
    // /a was pushed out by /c.
    expect([await ask('/a'), await ask('/b'), await ask('/c')]).toEqual([200, 304, 304]);
    cache.clear();
    expect([await ask('/b'), await ask('/c')]).toEqual([200, 200]);
  });
});

describe('writes never meet the revalidation cache', () => {
  test('a PATCH, POST or DELETE carrying If-None-Match is checked and done, not answered 304 from memory', async () => {
    const app = withCache(60_000);
    await insertProduct(t.db, { slug: 'cache-vs-write', name: 'Before' });
    const etag = (await app.request('/products/cache-vs-write')).headers.get('etag')!;
    await app.request('/products');
    // Without a token: the auth check answers, not a 304 for a URL a GET was given.
    await expectError(
      await send(
        app,
        'PATCH',
        '/products/cache-vs-write',
        { name: 'After' },
        { token: null, headers: { 'if-none-match': '*' } },
      ),
      401,
      'UNAUTHORIZED',
    );
    const patched = await send(
      app,
      'PATCH',
      '/products/cache-vs-write',
      { name: 'After' },
      { headers: { 'if-none-match': etag } },
    );
    expect(patched.status).toBe(200);
    expect((await patched.json()).name).toBe('After');
    const row = await t.db
      .selectFrom('products')
      .select('name')
      .where('slug', '=', 'cache-vs-write')
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('After');
    // The list's URL is also POST /products's.
    const listEtag = (await app.request('/products')).headers.get('etag')!;
    const created = await send(
      app,
      'POST',
      '/products',
      { name: 'Made despite If-None-Match', price: 1, category: 'tecnologia', stock: 1 },
      { headers: { 'if-none-match': listEtag } },
    );
    expect(created.status).toBe(201);
  });
});

test('a read that began before a write in this process does not leave its older validator to be answered from memory', async () => {
  const cache = revalidationCache({ ttlMs: 60_000 });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let version = 1;
  const app = appWith(cache).get('/p', async (c) => {
    const etag = `"v${version}"`; // read from the database before the write commits...
    await gate; // ...answered after it
    cache.remember(c.req.url, etag, 'public', c.req.raw);
    return c.text(etag, 200, { ETag: etag });
  });
  const slow = app.request('/p');
  // The write: commits, then clears the cache.
  version = 2;
  cache.clear();
  release();
  expect((await slow).headers.get('etag')).toBe('"v1"');
  // The old validator is not current any more: the database answers, not memory.
  const res = await app.request('/p', { headers: { 'if-none-match': '"v1"' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('etag')).toBe('"v2"');
});
