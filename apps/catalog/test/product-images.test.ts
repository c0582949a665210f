import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { appendProductImage, DatabaseUnavailableError, type Db } from '@greencommerce/db';
import { unavailable } from '@greencommerce/http';
import { inspect, phonePhoto, photo, png, polyglot, svg, text } from '@greencommerce/testing/images';
import { createViaApi, eventsFor, imageFile, send, uploadTo } from './admin-support';
import {
  createApp,
  createTestCatalog,
  DB_KINDS,
  expectError,
  PUBLIC_URL,
  type TestCatalog,
  testStorage,
} from './support';

const MAX_UPLOAD = 256 * 1024;

// Product images: S3 (with MariaDB) and the embedded media folder (with SQLite), as each mode runs.
for (const kind of DB_KINDS) {
  describe(`product images on ${kind} (${kind === 'mysql' ? 'S3' : 'media folder'})`, () => {
    let t: TestCatalog;
    beforeAll(async () => {
      t = await createTestCatalog(kind, 'catalog_images', { maxUploadBytes: MAX_UPLOAD });
    });
    afterAll(async () => {
      await t.drop();
    });

    const stored = (id: number) => t.deps.storage.list(`products/${id}/`);
    const keyOf = (url: string) => url.slice(url.indexOf('products/'));
    /** The stored object's bytes, read from the store itself. */
    async function objectBytes(url: string): Promise<Uint8Array> {
      if (kind === 'mysql') {
        const client = (t.deps.storage as ReturnType<typeof testStorage>).client;
        const res = await client.send(new GetObjectCommand({ Bucket: t.bucket, Key: keyOf(url) }));
        return res.Body!.transformToByteArray();
      }
      return readFile(path.join(t.deps.mediaDir!, keyOf(url)));
    }

    test('the first upload becomes the product’s image, stored re-encoded under a server key; ProductUpdated', async () => {
      const { product, etag } = await createViaApi(t.app, { image_url: '' });
      const res = await uploadTo(t.app, product.id, { image: imageFile(png(4, 4), '../../etc/passwd.png') });
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body.images).toHaveLength(1);
      const [image] = body.images;
      expect(body.image).toBe(image.url);
      expect(body.imageUrl).toBe(image.url);
      expect(res.headers.get('etag')).not.toBe(etag);
      expect(keyOf(image.url)).toMatch(new RegExp(`^products/${product.id}/[0-9a-f-]{36}\\.png$`));
      expect(await stored(product.id)).toEqual([keyOf(image.url)]);
      expect(await inspect(await objectBytes(image.url))).toMatchObject({ format: 'png', width: 4, height: 4 });
      if (kind === 'sqlite') {
        // The embedded mode serves it back at the URL it gave.
        expect(image.url.startsWith(`${PUBLIC_URL}/media/`)).toBe(true);
        const served = await t.app.request(new URL(image.url).pathname);
        expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png']);
      }
      expect(await (await t.app.request(`/products/${product.id}`)).json()).toEqual(body);
      const updated = (await eventsFor(t.db, product.id)).filter((e) => e.event === 'ProductUpdated');
      expect(updated.map((e) => [e.topic, e.data.changedFields])).toEqual([
        ['catalog.product.updated', ['images', 'image']],
      ]);
    });

    test('later images go after; the type comes from the bytes; `file` works as the field name too', async () => {
      const { product } = await createViaApi(t.app);
      const urlImage = product.image;
      const jpg = await (
        await uploadTo(t.app, product.id, { file: imageFile(await photo(), 'x.gif', 'image/gif') })
      ).json();
      expect(jpg.images.map((i: { url: string }) => i.url)[0]).toBe(urlImage);
      expect(jpg.images[1].url).toEndWith('.jpg');
      expect(jpg.image).toBe(urlImage);
      const webp = await (
        await uploadTo(t.app, product.id, { image: imageFile(await photo(8, 8, 'webp'), 'a', 'text/plain') })
      ).json();
      expect(webp.images).toHaveLength(3);
      expect(webp.images[2].url).toEndWith('.webp');
    });

    test('the same pipeline as profile images: EXIF and GPS are gone, orientation applied', async () => {
      const { product } = await createViaApi(t.app, { image_url: '' });
      const body = await (
        await uploadTo(t.app, product.id, { image: imageFile(await phonePhoto(32, 16), 'p.jpg', 'image/jpeg') })
      ).json();
      const seen = await inspect(await objectBytes(body.image));
      expect([seen.format, seen.width, seen.height, seen.metadata]).toEqual(['jpeg', 16, 32, []]);
    });

    test.each([
      ['a text file named .png', () => text(), 415],
      ['an SVG', () => svg(), 415],
      ['a PNG/HTML polyglot', () => polyglot(), 400],
      ['a pixel flood', () => png(2, 2, { width: 50_000, height: 50_000 }), 400],
      ['an empty file', () => new Uint8Array(), 400],
      ['a file over the limit', () => new Uint8Array(MAX_UPLOAD + 1), 413],
    ] as const)('%s is refused (%i): nothing stored, no row, no event', async (_, make, status) => {
      const { product, etag } = await createViaApi(t.app, { image_url: '' });
      await expectError(await uploadTo(t.app, product.id, { image: imageFile(make()) }), status);
      expect(await stored(product.id)).toEqual([]);
      const read = await t.app.request(`/products/${product.id}`);
      expect(read.headers.get('etag')).toBe(etag);
      expect((await read.json()).images).toEqual([]);
      expect((await eventsFor(t.db, product.id)).map((e) => e.event)).toEqual(['ProductCreated']);
    });

    test('no file, JSON instead of multipart, an unknown or archived product', async () => {
      const { product } = await createViaApi(t.app);
      await expectError(await uploadTo(t.app, product.id, { note: 'no file' }), 400, 'BAD_REQUEST');
      await expectError(await send(t.app, 'POST', `/products/${product.id}/images`, {}), 415);
      await expectError(await uploadTo(t.app, 99_999_999, { image: imageFile(png()) }), 404);
      await send(t.app, 'DELETE', `/products/${product.id}`);
      await expectError(await uploadTo(t.app, product.id, { image: imageFile(png()) }), 404);
      expect(await stored(product.id)).toEqual([]);
    });

    test('the store down: 503 naming it, and no row or event', async () => {
      const { product } = await createViaApi(t.app, { image_url: '' });
      const storage =
        kind === 'mysql'
          ? testStorage(t.bucket!, 'http://127.0.0.1:9')
          : {
              ...t.deps.storage,
              put: async () => {
                throw unavailable('object storage');
              },
            };
      const down = createApp({ ...t.deps, storage });
      const err = await expectError(await uploadTo(down, product.id, { image: imageFile(png()) }), 503);
      expect(err.message).toBe('object storage unavailable');
      expect((await (await t.app.request(`/products/${product.id}`)).json()).images).toEqual([]);
      expect((await eventsFor(t.db, product.id)).map((e) => e.event)).toEqual(['ProductCreated']);
    });

    test('the database failing after the put: 503, and the stored object is removed again', async () => {
      const { product } = await createViaApi(t.app, { image_url: '' });
      // The database answers the product lookup, then fails the transaction that would add the image.
      const failing = new Proxy(t.db, {
        get: (target, prop) => {
          if (prop === 'transaction') {
            return () => ({
              execute: async () => {
                throw new DatabaseUnavailableError(new Error('connection lost'));
              },
            });
          }
          const value = Reflect.get(target, prop);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }) as Db;
      const app = createApp({ ...t.deps, db: failing });
      const err = await expectError(await uploadTo(app, product.id, { image: imageFile(png()) }), 503);
      expect(err.message).toBe('database unavailable');
      expect(await stored(product.id)).toEqual([]);
      expect((await (await t.app.request(`/products/${product.id}`)).json()).images).toEqual([]);
    });

    test('archived while its image is being stored: 404, no image row, no event, the object removed again', async () => {
      const { product } = await createViaApi(t.app, { image_url: '' });
      const before = (await eventsFor(t.db, product.id)).map((e) => e.event);
      // Another admin archives the product after the upload checked it, while the object is being put.
      const storage = new Proxy(t.deps.storage, {
        get: (target, prop) => {
          const value = Reflect.get(target, prop);
          if (prop !== 'put') return typeof value === 'function' ? value.bind(target) : value;
          return async (...args: unknown[]) => {
            const archived = await send(t.app, 'DELETE', `/products/${product.id}`);
            expect(archived.status).toBe(204);
            return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          };
        },
      });
      const app = createApp({ ...t.deps, storage });
      await expectError(await uploadTo(app, product.id, { image: imageFile(png()) }), 404, 'NOT_FOUND');
      expect(await stored(product.id)).toEqual([]);
      expect(
        await t.db.selectFrom('product_images').select('id').where('product_id', '=', product.id).execute(),
      ).toEqual([]);
      // The archive's event only: no ProductUpdated for an image that was never added.
      expect((await eventsFor(t.db, product.id)).map((e) => e.event)).toEqual([...before, 'ProductArchived']);
    });

    test('a product at its image limit: 409 and the object stored for it removed again', async () => {
      const { product } = await createViaApi(t.app, { image_url: '' });
      for (let i = 0; i < 20; i++) {
        await appendProductImage(t.db, {
          id: crypto.randomUUID(),
          product_id: product.id,
          object_key: null,
          url: `https://x/${i}.png`,
        });
      }
      await expectError(await uploadTo(t.app, product.id, { image: imageFile(png()) }), 409, 'CONFLICT');
      expect(await stored(product.id)).toEqual([]);
    });

    test('DELETE an image: gone from the product and the store; the next one becomes the image', async () => {
      const { product } = await createViaApi(t.app, { image_url: '' });
      const first = await (await uploadTo(t.app, product.id, { image: imageFile(png(2, 2)) })).json();
      const second = await (await uploadTo(t.app, product.id, { image: imageFile(png(3, 3)) })).json();
      const [a, b] = second.images as { id: string; url: string }[];
      expect(first.image).toBe(a!.url);

      const res = await send(t.app, 'DELETE', `/products/${product.id}/images/${a!.id}`);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect([body.image, body.imageUrl, body.images]).toEqual([b!.url, b!.url, [b]]);
      expect(res.headers.get('etag')).toBe((await t.app.request(`/products/${product.id}`)).headers.get('etag'));
      expect(await stored(product.id)).toEqual([keyOf(b!.url)]);
      const last = (await eventsFor(t.db, product.id)).at(-1);
      expect([last?.event, last?.data.changedFields]).toEqual(['ProductUpdated', ['images', 'image']]);

      await expectError(await send(t.app, 'DELETE', `/products/${product.id}/images/${a!.id}`), 404);
      const other = await createViaApi(t.app);
      await expectError(await send(t.app, 'DELETE', `/products/${other.product.id}/images/${b!.id}`), 404);
      await expectError(await send(t.app, 'DELETE', `/products/${product.id}/images/not-a-uuid`), 400);
      const emptied = await (await send(t.app, 'DELETE', `/products/${product.id}/images/${b!.id}`)).json();
      expect([emptied.image, emptied.images]).toEqual([null, []]);
      expect(await stored(product.id)).toEqual([]);
    });

    test('an image given by URL can be removed too (no stored object to delete)', async () => {
      const { product } = await createViaApi(t.app);
      const [image] = product.images as { id: string }[];
      const res = await send(t.app, 'DELETE', `/products/${product.id}/images/${image!.id}`);
      expect((await res.json()).images).toEqual([]);
    });
  });
}
