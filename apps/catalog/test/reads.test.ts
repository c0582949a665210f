import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { productEtag } from '@greencommerce/contracts';
import { createTestCatalog, DB_KINDS, expectError, insertProduct, type TestCatalog } from './support';

type P = { id: number; slug: string; name: string; price: number; rating: number; quantity: number };

const ids = (list: P[]) => list.map((p) => p.id);

/** Every page of a listing through its Link headers, as a client follows them. */
async function walk(t: TestCatalog, first: string, between?: (page: number) => Promise<void>) {
  const seen: P[] = [];
  let url: string | undefined = first;
  for (let page = 0; url; page++) {
    const res = await t.app.request(url);
    expect(res.status).toBe(200);
    seen.push(...((await res.json()) as P[]));
    const link = res.headers.get('link');
    url = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
    if (link) expect(url).toBeDefined();
    if (page > 100) throw new Error('no end of pages');
    await between?.(page);
  }
  return seen;
}

for (const kind of DB_KINDS) {
  describe(`public reads on ${kind}`, () => {
    let t: TestCatalog;
    const p: Record<string, number> = {};
    beforeAll(async () => {
      t = await createTestCatalog(kind, 'catalog_reads');
      const add = async (key: string, fields: Parameters<typeof insertProduct>[1]) => {
        p[key] = await insertProduct(t.db, { slug: key, ...fields });
      };
      await add('cafe-colombia', {
        name: 'Café de Colombia',
        description: 'Granos tostados, comercio justo',
        brand: 'Tierra Viva',
        price_minor: 1299,
        rating_tenths: 47,
        stock: 12,
        featured: 1,
        category_slug: 'comida-y-bebida-sostenible',
        image_url: 'https://img.example/cafe.webp',
        images: JSON.stringify([{ id: 'i1', url: 'https://img.example/cafe.webp' }]),
      });
      await add('te-verde', {
        name: 'Té verde orgánico',
        description: 'Hojas enteras; combina con café',
        brand: 'Tierra Viva',
        price_minor: 850,
        rating_tenths: 42,
        stock: 0,
        category_slug: 'comida-y-bebida-sostenible',
      });
      await add('cargador-solar', {
        name: 'Cargador solar',
        description: 'Panel plegable de 20 W',
        brand: 'SunPower',
        price_minor: 4999,
        rating_tenths: 50,
        stock: 3,
        featured: 1,
        category_slug: 'tecnologia',
      });
      await add('cepillo-bambu', {
        name: 'Cepillo de bambú',
        description: 'Mango compostable',
        brand: 'EcoSmile',
        price_minor: 399,
        rating_tenths: 38,
        stock: 40,
        category_slug: 'cuidado-personal',
      });
      await add('bolsa-algodon', {
        name: 'Bolsa de algodón',
        description: 'Reutilizable, lavable',
        brand: 'EcoSmile',
        price_minor: 850,
        rating_tenths: 45,
        stock: 7,
        category_slug: 'hogar-y-estilo-de-vida',
      });
      await add('archivado', {
        name: 'Café archivado',
        description: 'Ya no se vende',
        price_minor: 100,
        category_slug: 'comida-y-bebida-sostenible',
        featured: 1,
        archived_at: new Date(),
      });
    });
    afterAll(async () => {
      await t.drop();
    });

    test('a product in the original clients’ shape, money in major units', async () => {
      const res = await t.app.request('/products/cafe-colombia');
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual({
        id: p['cafe-colombia'],
        slug: 'cafe-colombia',
        name: 'Café de Colombia',
        description: 'Granos tostados, comercio justo',
        price: 12.99,
        currency: 'EUR',
        category: 'Comida y Bebida Sostenible',
        categorySlug: 'comida-y-bebida-sostenible',
        brand: 'Tierra Viva',
        rating: 4.7,
        quantity: 12,
        image: 'https://img.example/cafe.webp',
        imageUrl: 'https://img.example/cafe.webp',
        images: [{ id: 'i1', url: 'https://img.example/cafe.webp' }],
        featured: true,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
      expect((await (await t.app.request(`/products/${p['cafe-colombia']}`)).json()).slug).toBe('cafe-colombia');
      // No image: both names are null, never a missing field.
      expect(await (await t.app.request('/products/te-verde')).json()).toMatchObject({ image: null, imageUrl: null });
    });

    test('unknown and archived products are 404; a malformed reference is 400', async () => {
      await expectError(await t.app.request('/products/no-such-thing'), 404, 'NOT_FOUND');
      await expectError(await t.app.request('/products/999999'), 404, 'NOT_FOUND');
      await expectError(await t.app.request('/products/archivado'), 404, 'NOT_FOUND');
      await expectError(await t.app.request(`/products/${p.archivado}`), 404, 'NOT_FOUND');
      const err = await expectError(await t.app.request('/products/Bad%20Slug'), 400, 'VALIDATION_FAILED');
      expect(err.details?.[0]?.path).toBe('idOrSlug');
    });

    test('the list is an array of live products, newest first by default', async () => {
      const list: P[] = await (await t.app.request('/products')).json();
      expect(ids(list)).toEqual(
        ['bolsa-algodon', 'cepillo-bambu', 'cargador-solar', 'te-verde', 'cafe-colombia'].map((k) => p[k]!),
      );
    });

    test('filters: category, brand, price range, in stock, featured, rating', async () => {
      const get = async (qs: string) => ids(await (await t.app.request(`/products?${qs}`)).json()).sort();
      const sorted = (...keys: string[]) => keys.map((k) => p[k]!).sort();
      expect(await get('category=comida-y-bebida-sostenible')).toEqual(sorted('cafe-colombia', 'te-verde'));
      expect(await get('brand=EcoSmile')).toEqual(sorted('cepillo-bambu', 'bolsa-algodon'));
      expect(await get('minPrice=8.50&maxPrice=12.99')).toEqual(sorted('te-verde', 'bolsa-algodon', 'cafe-colombia'));
      expect(await get('maxPrice=3.99')).toEqual(sorted('cepillo-bambu'));
      expect(await get('minPrice=4')).toEqual(sorted('cafe-colombia', 'te-verde', 'cargador-solar', 'bolsa-algodon'));
      expect(await get('inStock=true&category=comida-y-bebida-sostenible')).toEqual(sorted('cafe-colombia'));
      expect(await get('featured=true')).toEqual(sorted('cafe-colombia', 'cargador-solar'));
      expect(await get('minRating=4.5')).toEqual(sorted('cafe-colombia', 'cargador-solar', 'bolsa-algodon'));
      expect(await get('minRating=5')).toEqual(sorted('cargador-solar'));
      expect(await get('category=bebes-y-ninos')).toEqual([]);
    });

    test('sorts: price both ways, rating, name; ties broken by id', async () => {
      const order = async (sort: string) => ids(await (await t.app.request(`/products?sort=${sort}`)).json());
      const keys = (...k: string[]) => k.map((x) => p[x]!);
      expect(await order('price')).toEqual(
        keys('cepillo-bambu', 'te-verde', 'bolsa-algodon', 'cafe-colombia', 'cargador-solar'),
      );
      expect(await order('-price')).toEqual(
        keys('cargador-solar', 'cafe-colombia', 'bolsa-algodon', 'te-verde', 'cepillo-bambu'),
      );
      expect(await order('rating')).toEqual(
        keys('cargador-solar', 'cafe-colombia', 'bolsa-algodon', 'te-verde', 'cepillo-bambu'),
      );
      expect(await order('name')).toEqual(
        keys('bolsa-algodon', 'cafe-colombia', 'cargador-solar', 'cepillo-bambu', 'te-verde'),
      );
    });

    test('search: accent- and case-insensitive, over name, description and brand', async () => {
      const search = async (q: string) =>
        ids(await (await t.app.request(`/products?q=${encodeURIComponent(q)}`)).json()).sort();
      const sorted = (...keys: string[]) => keys.map((k) => p[k]!).sort();
      expect(await search('cafe')).toEqual(sorted('cafe-colombia', 'te-verde'));
      expect(await search('CAFÉ')).toEqual(sorted('cafe-colombia', 'te-verde'));
      expect(await search('bambu')).toEqual(sorted('cepillo-bambu'));
      expect(await search('ecosmile')).toEqual(sorted('cepillo-bambu', 'bolsa-algodon'));
      expect(await search('cafe colombia')).toEqual(sorted('cafe-colombia'));
      // A word as typed so far finds the longer one.
      expect(await search('carga')).toEqual(sorted('cargador-solar'));
      // Spanish stopwords ("de") do not empty a MySQL search.
      expect(await search('cafe de colombia')).toEqual(sorted('cafe-colombia'));
      expect(await search('archivado')).toEqual([]);
      expect(await search('cafe')).not.toContain(p.archivado);
    });

    test('relevance: the default with q; the best match first', async () => {
      const list: P[] = await (await t.app.request('/products?q=cafe')).json();
      expect(list[0]?.id).toBe(p['cafe-colombia']!);
      const explicit: P[] = await (await t.app.request('/products?q=cafe&sort=relevance')).json();
      expect(ids(explicit)).toEqual(ids(list));
      const byPrice: P[] = await (await t.app.request('/products?q=cafe&sort=price')).json();
      expect(ids(byPrice)).toEqual([p['te-verde']!, p['cafe-colombia']!]);
    });

    test('FTS operators and SQL in q are plain text: never a 5xx', async () => {
      for (const q of [
        '"*()-+~<>',
        '"',
        '*',
        'cafe*',
        '-cafe',
        '+cafe -colombia',
        'cafe" OR "1"="1',
        "'; DROP TABLE products; --",
        'NEAR(cafe colombia)',
        'name:cafe',
        '(cafe',
        '@3 cafe',
        'cafe AND colombia',
        '\u0000',
        '😀',
        'x'.repeat(200),
      ]) {
        const res = await t.app.request(`/products?q=${encodeURIComponent(q)}`);
        expect({ q, status: res.status }).toEqual({ q, status: 200 });
        expect(Array.isArray(await res.json())).toBe(true);
      }
      // The words inside the operators still count.
      const found = await (await t.app.request(`/products?q=${encodeURIComponent('+"cafe"* (colombia)')}`)).json();
      expect(ids(found)).toEqual([p['cafe-colombia']!]);
      // No word at all: nothing matches, rather than everything.
      expect(await (await t.app.request(`/products?q=${encodeURIComponent('"*()-+~<>')}`)).json()).toEqual([]);
    });

    test('paging: every sort walks every product once, in order, through Link', async () => {
      for (const sort of ['newest', 'price', '-price', 'rating', 'name']) {
        const all: P[] = await (await t.app.request(`/products?sort=${sort}`)).json();
        const paged = await walk(t, `/products?sort=${sort}&limit=2`);
        expect({ sort, ids: ids(paged) }).toEqual({ sort, ids: ids(all) });
      }
      const searched = await walk(t, '/products?q=cafe&limit=1');
      expect(ids(searched)).toEqual(ids(await (await t.app.request('/products?q=cafe')).json()));
      // Filters carry over to the next page.
      const filtered = await walk(t, '/products?brand=EcoSmile&sort=price&limit=1');
      expect(ids(filtered)).toEqual([p['cepillo-bambu']!, p['bolsa-algodon']!]);
      // The last page has no Link.
      expect((await t.app.request('/products?limit=100')).headers.get('link')).toBeNull();
    });

    test('X-Total-Count only with withTotal=true', async () => {
      expect((await t.app.request('/products?limit=1')).headers.get('x-total-count')).toBeNull();
      const res = await t.app.request('/products?limit=1&withTotal=true');
      expect(res.headers.get('x-total-count')).toBe('5');
      const search = await t.app.request('/products?q=cafe&withTotal=true');
      expect(search.headers.get('x-total-count')).toBe('2');
    });

    test('featured: live featured products only', async () => {
      const list: P[] = await (await t.app.request('/products/featured')).json();
      expect(ids(list)).toEqual([p['cargador-solar']!, p['cafe-colombia']!]);
      expect(ids(await (await t.app.request('/products/featured?limit=1')).json())).toEqual([p['cargador-solar']!]);
      await expectError(await t.app.request('/products/featured?limit=0'), 400, 'VALIDATION_FAILED');
    });

    test('categories: the six, in order, with live product counts and absolute image URLs', async () => {
      const res = await t.app.request('/categories');
      expect(res.status).toBe(200);
      const cats = await res.json();
      expect(cats.map((c: { slug: string; productCount: number }) => [c.slug, c.productCount])).toEqual([
        ['hogar-y-estilo-de-vida', 1],
        ['ropa-y-moda-sostenible', 0],
        ['cuidado-personal', 1],
        ['comida-y-bebida-sostenible', 2],
        ['tecnologia', 1],
        ['bebes-y-ninos', 0],
      ]);
      expect(cats[5]).toEqual({
        slug: 'bebes-y-ninos',
        name: 'Bebés y Niños',
        image: 'http://catalog.test/assets/categories/bebes-y-ninos.webp',
        productCount: 0,
      });
    });

    test('strong ETags and 304 on every read, with CDN-friendly Cache-Control', async () => {
      for (const path of [
        '/products',
        '/products?q=cafe',
        '/products/featured',
        '/products/cafe-colombia',
        '/categories',
      ]) {
        const first = await t.app.request(path);
        const etag = first.headers.get('etag');
        expect({ path, etag }).toEqual({ path, etag: expect.stringMatching(/^"[^"]+"$/) });
        expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
        const again = await t.app.request(path, { headers: { 'if-none-match': etag! } });
        expect({ path, status: again.status }).toEqual({ path, status: 304 });
        expect(await again.text()).toBe('');
        expect(again.headers.get('etag')).toBe(etag);
        expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
        // A list of tags, a weak form of ours, and `*` all match; another tag does not.
        for (const inm of [`"x", ${etag}`, `W/${etag}`, '*']) {
          expect((await t.app.request(path, { headers: { 'if-none-match': inm } })).status).toBe(304);
        }
        expect((await t.app.request(path, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
      }
    });

    test("a product's ETag is productEtag(id, version) and follows the version", async () => {
      const id = await insertProduct(t.db, { slug: 'etag-probe' });
      const res = await t.app.request('/products/etag-probe');
      expect(res.headers.get('etag')).toBe(productEtag(id, 1));
      await t.db.updateTable('products').set({ stock: 99, version: 2 }).where('id', '=', id).execute();
      const after = await t.app.request(`/products/${id}`, { headers: { 'if-none-match': productEtag(id, 1) } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).toBe(productEtag(id, 2));
      expect((await after.json()).quantity).toBe(99);
      await t.db.updateTable('products').set({ archived_at: new Date() }).where('id', '=', id).execute();
    });

    test('the list ETag changes when the list does', async () => {
      const before = (await t.app.request('/products?category=bebes-y-ninos')).headers.get('etag');
      const id = await insertProduct(t.db, { category_slug: 'bebes-y-ninos' });
      const res = await t.app.request('/products?category=bebes-y-ninos', { headers: { 'if-none-match': before! } });
      expect(res.status).toBe(200);
      expect(ids(await res.json())).toEqual([id]);
      await t.db.updateTable('products').set({ archived_at: new Date() }).where('id', '=', id).execute();
    });
  });
}
