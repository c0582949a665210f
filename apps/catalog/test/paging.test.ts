import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createTestCatalog, DB_KINDS, expectError, insertProduct, type TestCatalog } from './support';

type P = { id: number; price: number };

async function page(t: TestCatalog, url: string) {
  const res = await t.app.request(url);
  expect(res.status).toBe(200);
  const link = res.headers.get('link');
  return { list: (await res.json()) as P[], next: link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined };
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

for (const kind of DB_KINDS) {
  describe(`paging on ${kind}`, () => {
    let t: TestCatalog;
    const original: number[] = [];
    beforeAll(async () => {
      t = await createTestCatalog(kind, 'catalog_paging');
      // Prices with ties, so the id tie-breaker matters.
      for (const price of [500, 100, 300, 300, 300, 200, 900, 100, 700, 300]) {
        original.push(await insertProduct(t.db, { price_minor: price, category_slug: 'tecnologia' }));
      }
    });
    afterAll(async () => {
      await t.drop();
    });

    test('stable under concurrent inserts: no repeats, no skips, order kept', async () => {
      for (const sort of ['price', '-price', 'newest']) {
        const before: P[] = (await page(t, `/products?sort=${sort}&category=tecnologia&limit=100`)).list;
        const seen: P[] = [];
        let url: string | undefined = `/products?sort=${sort}&category=tecnologia&limit=3`;
        const inserted: number[] = [];
        while (url) {
          const { list, next }: { list: P[]; next?: string } = await page(t, url);
          seen.push(...list);
          // Between pages, other clients add products before, at and after this page's position.
          for (const price of [50, 300, 1000]) {
            inserted.push(await insertProduct(t.db, { price_minor: price, category_slug: 'tecnologia' }));
          }
          url = next;
        }
        const seenIds = seen.map((p) => p.id);
        expect(new Set(seenIds).size).toBe(seenIds.length);
        // Every product that was there before the walk is seen, in the order it had.
        const old = seenIds.filter((id) => !inserted.includes(id));
        expect({ sort, ids: old }).toEqual({ sort, ids: before.map((p) => p.id) });
        // And the pages together are in order.
        const prices = seen.map((p) => p.price);
        const sortedPrices = [...prices].sort((a, b) => (sort === '-price' ? b - a : a - b));
        if (sort !== 'newest') expect(prices).toEqual(sortedPrices);
        else expect(seenIds).toEqual([...seenIds].sort((a, b) => b - a));
        await t.db.updateTable('products').set({ archived_at: new Date() }).where('id', 'in', inserted).execute();
      }
    });

    test('relevance too: products added between pages (matching or not) neither repeat nor skip one', async () => {
      // The databases' own ranks weigh a word by how many products hold it: every insert moved every
      // score, and the cursor's last score then skipped most of the walk.
      const category = 'cuidado-personal';
      const matching: number[] = [];
      const others: number[] = [];
      for (let i = 0; i < 40; i++)
        others.push(await insertProduct(t.db, { name: `Relleno ${i}`, category_slug: category }));
      for (let i = 0; i < 24; i++) {
        matching.push(
          await insertProduct(t.db, {
            name: i % 4 === 0 ? `Jabón natural ${i}` : `Pastilla ${'x'.repeat(i)} ${i}`,
            description: `${'jabon '.repeat(1 + (i % 5))} de aceite ${'y '.repeat(i)}`,
            brand: i % 3 === 0 ? 'Jabones del Sur' : 'Acme',
            category_slug: category,
          }),
        );
      }
      const query = `/products?q=jabon&category=${category}`;
      const before = (await page(t, `${query}&limit=100`)).list.map((p) => p.id);
      expect([...before].sort((a, b) => a - b)).toEqual(matching);
      const seen: number[] = [];
      const inserted: number[] = [];
      let url: string | undefined = `${query}&limit=5`;
      let n = 0;
      while (url) {
        const { list, next }: { list: P[]; next?: string } = await page(t, url);
        seen.push(...list.map((p) => p.id));
        for (let j = 0; j < 15; j++) {
          const matches = j % 3 === 0;
          const id = await insertProduct(t.db, {
            name: matches ? `Jabón nuevo ${n}-${j}` : `Otro ${n}-${j}`,
            description: matches ? 'jabon jabon jabon' : `nada ${'z '.repeat(j * 5)}`,
            category_slug: category,
          });
          (matches ? inserted : others).push(id);
        }
        url = next;
        n++;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => !inserted.includes(id))).toEqual(before);
      await t.db
        .updateTable('products')
        .set({ archived_at: new Date() })
        .where('id', 'in', [...matching, ...others, ...inserted])
        .execute();
    });

    test('a product archived between pages neither repeats nor shifts the rest', async () => {
      const all = (await page(t, '/products?sort=price&category=tecnologia&limit=100')).list.map((p) => p.id);
      const first = await page(t, '/products?sort=price&category=tecnologia&limit=4');
      // Archive the last product of page one and the first of page two.
      await t.db
        .updateTable('products')
        .set({ archived_at: new Date() })
        .where('id', 'in', [all[3]!, all[4]!])
        .execute();
      const second = await page(t, first.next!);
      expect(second.list.map((p) => p.id)).toEqual(all.slice(5, 9));
      await t.db.updateTable('products').set({ archived_at: null }).where('id', 'in', [all[3]!, all[4]!]).execute();
    });

    test('the next link keeps the query and only replaces the cursor', async () => {
      const { next } = await page(t, '/products?sort=price&category=tecnologia&limit=2&withTotal=true');
      const url = new URL(next!, 'http://x');
      expect(url.pathname).toBe('/products');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        sort: 'price',
        category: 'tecnologia',
        limit: '2',
        withTotal: 'true',
        cursor: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      });
      const again = await page(t, `${next!}`);
      expect(again.list).toHaveLength(2);
    });

    test('tampered, foreign and malformed cursors are 400 naming cursor', async () => {
      const { next } = await page(t, '/products?sort=price&limit=2');
      const cursor = new URL(next!, 'http://x').searchParams.get('cursor')!;
      const bad = [
        'not-base64!!',
        b64('not json'),
        b64({ a: 1 }),
        b64([]),
        b64(['price', 100]),
        b64(['price', '100', 5]),
        b64(['price', 100, -1]),
        b64(['price', 100, 1.5]),
        b64(['price', 1e300, 1]),
        b64(['price', null, 1]),
        b64(['newest', 5, 1]),
        b64(['name', 'x'.repeat(300), 1]),
        b64(['evil', 1, 1]),
        b64('[1,2,3'),
        'x'.repeat(600),
        cursor.slice(0, -3),
      ];
      for (const c of bad) {
        const res = await t.app.request(`/products?sort=price&cursor=${encodeURIComponent(c)}`);
        const err = await expectError(res, 400, 'VALIDATION_FAILED');
        expect({ c, path: err.details?.[0]?.path }).toEqual({ c, path: 'cursor' });
        expect(err.message).toContain('cursor');
      }
      // A cursor of one sort used with another.
      const err = await expectError(
        await t.app.request(`/products?sort=name&cursor=${cursor}`),
        400,
        'VALIDATION_FAILED',
      );
      expect(err.message).toContain('another sort order');
      // A well-formed key the server did not write only starts the listing elsewhere.
      expect((await t.app.request(`/products?sort=price&cursor=${b64(['price', 300, 1])}`)).status).toBe(200);
    });

    test('malformed and unknown query parameters are 400 naming the parameter', async () => {
      const cases: [string, string][] = [
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['limit=1000000000000000000000', 'limit'],
        ['limit=-1', 'limit'],
        ['limit=abc', 'limit'],
        ['limit=1e2', 'limit'],
        ['limit=', 'limit'],
        ['limit=1&limit=2', 'limit'],
        ['sort=cheapest', 'sort'],
        ['sort=relevance', 'sort'],
        ['minPrice=-1', 'minPrice'],
        ['minPrice=1.001', 'minPrice'],
        ['maxPrice=abc', 'maxPrice'],
        ['minPrice=10&maxPrice=5', 'maxPrice'],
        ['minRating=6', 'minRating'],
        ['minRating=4.55', 'minRating'],
        ['inStock=yes', 'inStock'],
        ['featured=1', 'featured'],
        ['withTotal=maybe', 'withTotal'],
        ['category=Tecnolog%C3%ADa', 'category'],
        ['category=no-such-category', 'category'],
        [`q=${'x'.repeat(201)}`, 'q'],
        ['brand=', 'brand'],
        ['categroy=tecnologia', 'categroy'],
        ['page=2', 'page'],
        ['offset=10', 'offset'],
      ];
      for (const [qs, param] of cases) {
        const res = await t.app.request(`/products?${qs}`);
        const err = await expectError(res, 400, 'VALIDATION_FAILED');
        expect({ qs, paths: err.details?.map((d) => d.path) }).toEqual({ qs, paths: [param] });
        expect({ qs, message: err.message.includes(param) }).toEqual({ qs, message: true });
      }
    });
  });
}
