import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  createViaApi,
  customerToken,
  eventsFor,
  fastApiPayload,
  graphQlPayload,
  outboxCount,
  productCount,
  rolelessToken,
  send,
  uniqueName,
} from './admin-support';
import { createTestCatalog, DB_KINDS, expectError, type TestCatalog } from './support';

// POST/PATCH/DELETE /products on the real MariaDB and the embedded SQLite.
for (const kind of DB_KINDS) {
  describe(`admin writes on ${kind}`, () => {
    let t: TestCatalog;
    beforeAll(async () => {
      t = await createTestCatalog(kind, 'catalog_admin_writes');
    });
    afterAll(async () => {
      await t.drop();
    });

    describe('roles', () => {
      test('no token 401, a customer or a token without roles 403, in the one error shape; nothing written', async () => {
        const { product } = await createViaApi(t.app);
        const before = [await productCount(t.db), await outboxCount(t.db)];
        const id = product.id;
        const calls: [string, string, unknown][] = [
          ['POST', '/products', graphQlPayload()],
          ['PATCH', `/products/${id}`, { price: 1 }],
          ['DELETE', `/products/${id}`, undefined],
          ['POST', `/products/${id}/stock-adjustments`, { delta: -1, reason: 'x' }],
          ['DELETE', `/products/${id}/images/${crypto.randomUUID()}`, undefined],
        ];
        for (const [method, path, body] of calls) {
          await expectError(await send(t.app, method, path, body, { token: null }), 401, 'UNAUTHORIZED');
          const forbidden = await expectError(
            await send(t.app, method, path, body, { token: customerToken }),
            403,
            'FORBIDDEN',
          );
          expect(forbidden.message).toContain('admin');
          await expectError(await send(t.app, method, path, body, { token: rolelessToken }), 403, 'FORBIDDEN');
        }
        const form = new FormData();
        form.append('image', new File([new Uint8Array(8)], 'a.png'));
        const upload = await t.app.request(`/products/${id}/images`, {
          method: 'POST',
          headers: { authorization: `Bearer ${customerToken}` },
          body: form,
        });
        await expectError(upload, 403, 'FORBIDDEN');
        expect([await productCount(t.db), await outboxCount(t.db)]).toEqual(before);
        expect((await t.app.request(`/products/${id}`)).status).toBe(200);
      });
    });

    describe('POST /products', () => {
      test('the original FastAPI payload: 201 with the same fields plus id, ETag and Location; ProductCreated', async () => {
        const sent = fastApiPayload();
        const res = await send(t.app, 'POST', '/products', sent);
        expect(res.status).toBe(201);
        const body = await res.json();
        // Bun's toMatchObject writes its matchers into the object it checks: check a copy.
        expect({ ...body }).toMatchObject({ ...sent, id: expect.any(Number) });
        expect({ ...body }).toMatchObject({
          categorySlug: 'cuidado-personal',
          imageUrl: sent.image,
          currency: 'USD',
          featured: false,
          images: [{ id: expect.any(String), url: sent.image }],
        });
        expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
        expect(res.headers.get('location')).toBe(`/products/${body.id}`);

        const read = await t.app.request(`/products/${body.id}`);
        expect(read.status).toBe(200);
        expect(await read.json()).toEqual(body);
        expect(read.headers.get('etag')).toBe(res.headers.get('etag'));

        const events = await eventsFor(t.db, body.id);
        expect(events).toEqual([
          expect.objectContaining({
            topic: 'catalog.product.created',
            key: String(body.id),
            event: 'ProductCreated',
            version: 1,
            data: {
              productId: body.id,
              slug: body.slug,
              name: sent.name,
              priceMinor: 450,
              currency: 'USD',
              category: 'cuidado-personal',
              stock: 120,
            },
          }),
        ]);
      });

      test('the later GraphQL payload: stock is quantity, image_url is image and imageUrl, rating 0', async () => {
        const slug = `solar-${Date.now()}`;
        const sent = graphQlPayload({ featured: true, currency: 'eur', slug });
        const res = await send(t.app, 'POST', '/products', sent);
        expect(res.status).toBe(201);
        expect(await res.json()).toMatchObject({
          slug,
          price: 39.99,
          quantity: 7,
          image: sent.image_url,
          imageUrl: sent.image_url,
          rating: 0,
          featured: true,
          currency: 'EUR',
          category: 'Tecnología',
          categorySlug: 'tecnologia',
        });
      });

      test('money is stored in exact minor units', async () => {
        const { product } = await createViaApi(t.app, { price: 19.99 });
        const row = await t.db
          .selectFrom('products')
          .select('price_minor')
          .where('id', '=', product.id)
          .executeTakeFirst();
        expect(Number(row?.price_minor)).toBe(1999);
        expect(product.price).toBe(19.99);
      });

      test.each([
        ['price with three decimals', { price: 1.999 }, 'price'],
        ['negative price', { price: -5 }, 'price'],
        ['absurd price', { price: 1e15 }, 'price'],
        ['price as "NaN"', { price: 'NaN' }, 'price'],
        ['price as "Infinity"', { price: 'Infinity' }, 'price'],
        ['negative stock', { stock: -1 }, 'stock'],
        ['fractional stock', { stock: 2.5 }, 'stock'],
        ['rating above 5', { rating: 7 }, 'rating'],
        ['unknown category', { category: 'Electrodomésticos' }, 'category'],
        ['no name', { name: '' }, 'name'],
        ['a control character in the name', { name: 'a\u0007b' }, 'name'],
        ['a javascript: image URL', { image_url: 'javascript:alert(1)' }, 'image_url'],
        ['stock and quantity disagreeing', { quantity: 99 }, 'stock'],
        ['a slug of only digits', { slug: '12345' }, 'slug'],
        ['a malformed slug', { slug: 'Not A Slug' }, 'slug'],
        ['a currency without cents', { currency: 'JPY' }, 'currency'],
      ])('%s is 400 naming the field; nothing written', async (_, overrides, path) => {
        const before = [await productCount(t.db), await outboxCount(t.db)];
        const err = await expectError(
          await send(t.app, 'POST', '/products', graphQlPayload(overrides)),
          400,
          'VALIDATION_FAILED',
        );
        expect(err.details?.map((d) => d.path)).toContain(path);
        expect([await productCount(t.db), await outboxCount(t.db)]).toEqual(before);
      });

      test('no stock at all is 400; a body that is not an object is 400', async () => {
        const { stock: _, ...noStock } = graphQlPayload();
        const err = await expectError(await send(t.app, 'POST', '/products', noStock), 400);
        expect(err.details?.map((d) => d.path)).toEqual(['quantity']);
        await expectError(await send(t.app, 'POST', '/products', []), 400);
        await expectError(await send(t.app, 'POST', '/products', 'null'), 400);
      });

      test('a slug given twice is 409 and the first product stays; a slug made from the name gets a suffix', async () => {
        const slug = `dup-${Date.now()}`;
        const first = await createViaApi(t.app, { slug });
        const before = await outboxCount(t.db);
        const err = await expectError(
          await send(t.app, 'POST', '/products', graphQlPayload({ slug })),
          409,
          'CONFLICT',
        );
        expect(err.message).toContain(slug);
        expect(await outboxCount(t.db)).toBe(before);
        expect((await (await t.app.request(`/products/${slug}`)).json()).id).toBe(first.product.id);

        const name = uniqueName('Twin Name');
        const a = await createViaApi(t.app, { name });
        const b = await createViaApi(t.app, { name });
        expect(b.product.slug).toBe(`${a.product.slug}-2`);
      });

      test('"featured" is never a product slug: GET /products/featured is the featured list, so it could not be read', async () => {
        const err = await expectError(
          await send(t.app, 'POST', '/products', graphQlPayload({ slug: 'featured' })),
          400,
          'VALIDATION_FAILED',
        );
        expect(err.details?.map((d) => d.path)).toEqual(['slug']);
        const { product } = await createViaApi(t.app, { name: 'Featured' });
        expect(product.slug).not.toBe('featured');
        const read = await t.app.request(`/products/${product.slug}`);
        expect(read.status).toBe(200);
        expect((await read.json()).id).toBe(product.id);
        await expectError(
          await send(t.app, 'PATCH', `/products/${product.id}`, { slug: 'featured' }),
          400,
          'VALIDATION_FAILED',
        );
        expect(await t.db.selectFrom('products').select('id').where('slug', '=', 'featured').execute()).toEqual([]);
      });
    });

    describe('PATCH /products/:id', () => {
      test('changes only the fields sent; new ETag; ProductUpdated names them with the state after', async () => {
        const { product, etag } = await createViaApi(t.app);
        const res = await send(t.app, 'PATCH', `/products/${product.id}`, {
          price: '12.50',
          name: product.name,
          brand: 'Other',
        });
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body).toMatchObject({ ...product, price: 12.5, brand: 'Other', updatedAt: expect.any(String) });
        expect(res.headers.get('etag')).not.toBe(etag);
        const updated = (await eventsFor(t.db, product.id)).filter((e) => e.event === 'ProductUpdated');
        expect(updated).toEqual([
          expect.objectContaining({
            topic: 'catalog.product.updated',
            key: String(product.id),
            data: {
              productId: product.id,
              changedFields: ['price', 'brand'],
              product: expect.objectContaining({ productId: product.id, priceMinor: 1250, stock: 7 }),
            },
          }),
        ]);
      });

      test('If-Match: current ETag applies; a stale one is 412 with the current ETag and changes nothing', async () => {
        const { product, etag } = await createViaApi(t.app);
        const first = await send(
          t.app,
          'PATCH',
          `/products/${product.id}`,
          { price: 1 },
          { headers: { 'if-match': etag } },
        );
        expect(first.status).toBe(200);
        const current = first.headers.get('etag')!;
        const events = (await eventsFor(t.db, product.id)).length;

        const stale = await send(
          t.app,
          'PATCH',
          `/products/${product.id}`,
          { price: 2 },
          { headers: { 'if-match': etag } },
        );
        await expectError(stale, 412, 'PRECONDITION_FAILED');
        expect(stale.headers.get('etag')).toBe(current);
        const read = await t.app.request(`/products/${product.id}`);
        expect((await read.json()).price).toBe(1);
        expect(read.headers.get('etag')).toBe(current);
        expect(await eventsFor(t.db, product.id)).toHaveLength(events);

        // RFC 9110: a list matches if any member does; `*` matches any current version; weak tags never do.
        for (const ifMatch of [`"nope", ${current}`, '*']) {
          const res = await send(
            t.app,
            'PATCH',
            `/products/${product.id}`,
            { featured: true },
            { headers: { 'if-match': ifMatch } },
          );
          expect(res.status).toBe(200);
          await send(t.app, 'PATCH', `/products/${product.id}`, { featured: false });
        }
        const now = (await t.app.request(`/products/${product.id}`)).headers.get('etag')!;
        await expectError(
          await send(t.app, 'PATCH', `/products/${product.id}`, { price: 3 }, { headers: { 'if-match': `W/${now}` } }),
          412,
        );
      });

      test('two edits from the same ETag: exactly one wins, the other gets 412', async () => {
        const { product, etag } = await createViaApi(t.app);
        const results = await Promise.all(
          [5, 6].map((price) =>
            send(t.app, 'PATCH', `/products/${product.id}`, { price }, { headers: { 'if-match': etag } }),
          ),
        );
        expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
        // The winner's change is the one stored, once: one version step, one ProductUpdated.
        const winner = (await results.find((r) => r.status === 200)!.json()) as { price: number };
        const row = await t.db
          .selectFrom('products')
          .select(['price_minor', 'version'])
          .where('id', '=', product.id)
          .executeTakeFirstOrThrow();
        expect({ price: Number(row.price_minor), version: row.version }).toEqual({
          price: winner.price * 100,
          version: 2,
        });
        const updates = (await eventsFor(t.db, product.id)).filter((e) => e.event === 'ProductUpdated');
        expect(updates.map((e) => e.data.changedFields)).toEqual([['price']]);
      });

      test('without If-Match every change still moves the ETag; a change of nothing keeps it and writes nothing', async () => {
        const { product, etag } = await createViaApi(t.app);
        const changed = await send(t.app, 'PATCH', `/products/${product.id}`, { description: 'new' });
        const second = changed.headers.get('etag')!;
        expect(second).not.toBe(etag);
        const events = (await eventsFor(t.db, product.id)).length;
        const same = await send(t.app, 'PATCH', `/products/${product.id}`, {
          description: 'new',
          price: product.price,
        });
        expect(same.status).toBe(200);
        expect(same.headers.get('etag')).toBe(second);
        expect(await eventsFor(t.db, product.id)).toHaveLength(events);
        expect((await send(t.app, 'PATCH', `/products/${product.id}`, {})).status).toBe(200);
      });

      test('stock set by PATCH without If-Match is a 428 and changes nothing: it could undo a concurrent checkout', async () => {
        const { product } = await createViaApi(t.app, { stock: 7 });
        const res = await send(t.app, 'PATCH', `/products/${product.id}`, { stock: 15, name: 'Renamed' });
        const error = await expectError(res, 428, 'PRECONDITION_REQUIRED');
        expect(error.details).toEqual([{ path: 'stock', message: 'requires If-Match' }]);
        const read = await (await t.app.request(`/products/${product.id}`)).json();
        expect([read.quantity, read.name]).toEqual([7, product.name]);
        expect((await eventsFor(t.db, product.id)).map((e) => e.event)).toEqual(['ProductCreated']);
      });

      test('stock set by PATCH writes StockChanged with the old and new levels', async () => {
        const { product, etag } = await createViaApi(t.app, { stock: 7 });
        const res = await send(
          t.app,
          'PATCH',
          `/products/${product.id}`,
          { quantity: 3 },
          { headers: { 'if-match': etag } },
        );
        expect((await res.json()).quantity).toBe(3);
        const stock = (await eventsFor(t.db, product.id)).filter((e) => e.event === 'StockChanged');
        expect(stock.map((e) => e.data)).toEqual([
          { productId: product.id, oldQuantity: 7, newQuantity: 3, reason: 'set by an admin edit' },
        ]);
      });

      test('the image by URL: replaced, or removed with null', async () => {
        const { product } = await createViaApi(t.app);
        const replaced = await (
          await send(t.app, 'PATCH', `/products/${product.id}`, { image: 'https://x.example/b.png' })
        ).json();
        expect([replaced.image, replaced.imageUrl, replaced.images.length]).toEqual([
          'https://x.example/b.png',
          'https://x.example/b.png',
          1,
        ]);
        const removed = await (await send(t.app, 'PATCH', `/products/${product.id}`, { image_url: null })).json();
        expect([removed.image, removed.images]).toEqual([null, []]);
      });

      test('by slug; taken slug 409; unknown category 400; unknown product 404; bad values 400', async () => {
        const a = await createViaApi(t.app);
        const b = await createViaApi(t.app);
        expect((await send(t.app, 'PATCH', `/products/${a.product.slug}`, { rating: 4.5 })).status).toBe(200);
        await expectError(
          await send(t.app, 'PATCH', `/products/${a.product.id}`, { slug: b.product.slug }),
          409,
          'CONFLICT',
        );
        const unknown = await expectError(
          await send(t.app, 'PATCH', `/products/${a.product.id}`, { category: 'nope' }),
          400,
        );
        expect(unknown.details?.map((d) => d.path)).toEqual(['category']);
        await expectError(await send(t.app, 'PATCH', '/products/99999999', { price: 1 }), 404, 'NOT_FOUND');
        await expectError(await send(t.app, 'PATCH', '/products/no-such-product', { price: 1 }), 404, 'NOT_FOUND');
        await expectError(await send(t.app, 'PATCH', `/products/${a.product.id}`, { price: 0.001 }), 400);
        await expectError(await send(t.app, 'PATCH', `/products/${a.product.id}`, { stock: -4 }), 400);
        expect((await (await t.app.request(`/products/${a.product.id}`)).json()).slug).toBe(a.product.slug);
      });
    });

    describe('DELETE /products/:id', () => {
      test('archives: gone from reads (404 after), the row kept, ProductArchived; then every write is 404', async () => {
        const { product } = await createViaApi(t.app);
        const res = await send(t.app, 'DELETE', `/products/${product.id}`);
        expect(res.status).toBe(204);
        expect(await res.text()).toBe('');
        await expectError(await t.app.request(`/products/${product.id}`), 404);
        await expectError(await t.app.request(`/products/${product.slug}`), 404);
        const listed = (await (await t.app.request('/products?limit=100&sort=newest')).json()) as { id: number }[];
        expect(listed.map((p) => p.id)).not.toContain(product.id);

        const row = await t.db.selectFrom('products').selectAll().where('id', '=', product.id).executeTakeFirst();
        expect(row?.archived_at).not.toBeNull();
        const archived = (await eventsFor(t.db, product.id)).filter((e) => e.event === 'ProductArchived');
        expect(archived).toEqual([
          expect.objectContaining({
            topic: 'catalog.product.archived',
            key: String(product.id),
            data: { productId: product.id, slug: product.slug },
          }),
        ]);

        await expectError(await send(t.app, 'DELETE', `/products/${product.id}`), 404);
        await expectError(await send(t.app, 'PATCH', `/products/${product.id}`, { price: 1 }), 404);
        await expectError(
          await send(t.app, 'POST', `/products/${product.id}/stock-adjustments`, { delta: 1, reason: 'restock' }),
          404,
        );
        // The slug stays taken: orders still link to it.
        await expectError(await send(t.app, 'POST', '/products', graphQlPayload({ slug: product.slug })), 409);
      });

      test('with a stale If-Match: 412 and the product stays', async () => {
        const { product, etag } = await createViaApi(t.app);
        await send(t.app, 'PATCH', `/products/${product.id}`, { price: 2 });
        await expectError(
          await send(t.app, 'DELETE', `/products/${product.id}`, undefined, { headers: { 'if-match': etag } }),
          412,
        );
        expect((await t.app.request(`/products/${product.id}`)).status).toBe(200);
      });
    });
  });
}
