import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import {
  adjustStock,
  appendProductImage,
  archiveProduct,
  categoryExists,
  deleteProductImage,
  deleteUrlImages,
  imagesMirror,
  insertProduct,
  isUniqueViolation,
  lockProduct,
  prependProductImage,
  updateProduct,
} from '../src/index';

const product = (slug: string, stock = 5) => ({
  slug,
  name: `Product ${slug}`,
  description: '',
  price_minor: 1999,
  currency: 'USD',
  category_slug: 'tecnologia',
  stock,
  image_url: null,
  images: '[]',
});

// The same suite on the real MariaDB and the embedded SQLite.
for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('product_writes')],
  ['sqlite', createSqliteTestDb],
] as const) {
  describe(`product writes on ${dialect}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(async () => {
      await t.drop();
    });

    test('insert; a taken slug is a unique violation; categories are checked by slug', async () => {
      const id = await insertProduct(t.db, product('p-insert'));
      expect((await lockProduct(t.db, id))?.version).toBe(1);
      expect(await insertProduct(t.db, product('p-insert')).catch(isUniqueViolation)).toBe(true);
      expect(await categoryExists(t.db, 'tecnologia')).toBe(true);
      expect(await categoryExists(t.db, 'no-such-category')).toBe(false);
    });

    test('update by id and version: a moved version changes nothing; no condition still bumps it', async () => {
      const id = await insertProduct(t.db, product('p-update'));
      expect(await updateProduct(t.db, id, { name: 'A' }, { versions: [1] })).toBe(true);
      expect(await updateProduct(t.db, id, { name: 'B' }, { versions: [1] })).toBe(false);
      expect(await updateProduct(t.db, id, { name: 'C' }, { versions: [7, 2] })).toBe(true);
      expect(await updateProduct(t.db, id, { name: 'D' })).toBe(true);
      expect(await updateProduct(t.db, id, { name: 'E' }, { versions: [] })).toBe(false);
      const row = await lockProduct(t.db, id);
      expect([row?.name, row?.version]).toEqual(['D', 4]);
      expect(await updateProduct(t.db, 999_999, { name: 'X' })).toBe(false);
    });

    test('archive: once, then no update, stock change or second archive reaches it', async () => {
      const id = await insertProduct(t.db, product('p-archive'));
      expect(await archiveProduct(t.db, id, { versions: [2] })).toBe(false);
      expect(await archiveProduct(t.db, id)).toBe(true);
      expect(await archiveProduct(t.db, id)).toBe(false);
      expect(await updateProduct(t.db, id, { name: 'x' })).toBe(false);
      expect(await adjustStock(t.db, id, 1)).toEqual({ ok: false, notFound: true });
      expect((await lockProduct(t.db, id))?.archived_at).not.toBeNull();
    });

    test('stock: never below zero nor past the INT column, old and new levels, version bumped', async () => {
      const id = await insertProduct(t.db, product('p-stock', 3));
      expect(await adjustStock(t.db, id, -2)).toEqual({ ok: true, oldQuantity: 3, newQuantity: 1 });
      expect(await adjustStock(t.db, id, -2)).toEqual({ ok: false, available: 1 });
      expect(await adjustStock(t.db, id, 10)).toEqual({ ok: true, oldQuantity: 1, newQuantity: 11 });
      expect(await adjustStock(t.db, id, 2_147_483_647)).toEqual({ ok: false, available: 11 });
      expect(await adjustStock(t.db, 999_999, 1)).toEqual({ ok: false, notFound: true });
      expect((await lockProduct(t.db, id))?.version).toBe(3);
    });

    test('stock: concurrent transactions of -1 on 5 units leave exactly 0', async () => {
      const id = await insertProduct(t.db, product('p-race', 5));
      const results = await Promise.all(
        Array.from({ length: 12 }, () => t.db.transaction().execute((trx) => adjustStock(trx, id, -1))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(5);
      expect(results.filter((r) => !r.ok)).toEqual(Array(7).fill({ ok: false, available: 0 }));
      expect((await lockProduct(t.db, id))?.stock).toBe(0);
      const olds = results.flatMap((r) => (r.ok ? [r.oldQuantity] : [])).sort();
      expect(olds).toEqual([1, 2, 3, 4, 5]);
    });

    if (dialect === 'sqlite') {
      test('lockProduct takes the write lock first: another process waits rather than invalidating the read', async () => {
        const id = await insertProduct(t.db, product('p-lock'));
        // Another process asks for the write lock without waiting: it must find it taken.
        const probe = () =>
          Bun.spawnSync([
            process.execPath,
            '-e',
            `const { Database } = require('bun:sqlite'); const db = new Database(${JSON.stringify(t.url)});
             db.exec('PRAGMA busy_timeout = 0');
             try { db.exec('BEGIN IMMEDIATE'); db.exec('ROLLBACK'); console.log('free'); } catch { console.log('locked'); }`,
          ])
            .stdout.toString()
            .trim();
        expect(probe()).toBe('free');
        const seen = await t.db.transaction().execute(async (trx) => {
          await lockProduct(trx, id);
          return probe();
        });
        expect(seen).toBe('locked');
        expect(probe()).toBe('free');
      });
    }

    test('images: appended in order, a URL image goes first, the mirror follows product_images', async () => {
      const id = await insertProduct(t.db, product('p-images'));
      await appendProductImage(t.db, { id: 'a', product_id: id, object_key: 'products/a.png', url: 'https://s/a.png' });
      await appendProductImage(t.db, { id: 'b', product_id: id, object_key: 'products/b.png', url: 'https://s/b.png' });
      await prependProductImage(t.db, { id: 'u', product_id: id, url: 'https://cdn/u.jpg' });
      expect(await imagesMirror(t.db, id)).toEqual({
        images: JSON.stringify([
          { id: 'u', url: 'https://cdn/u.jpg' },
          { id: 'a', url: 'https://s/a.png' },
          { id: 'b', url: 'https://s/b.png' },
        ]),
        image_url: 'https://cdn/u.jpg',
      });
      expect(await deleteUrlImages(t.db, id)).toBe(1);
      expect((await deleteProductImage(t.db, id, 'a'))?.object_key).toBe('products/a.png');
      expect(await deleteProductImage(t.db, id, 'a')).toBeUndefined();
      expect(await deleteProductImage(t.db, id + 1, 'b')).toBeUndefined();
      expect(await imagesMirror(t.db, id)).toEqual({
        images: JSON.stringify([{ id: 'b', url: 'https://s/b.png' }]),
        image_url: 'https://s/b.png',
      });
      await deleteProductImage(t.db, id, 'b');
      expect(await imagesMirror(t.db, id)).toEqual({ images: '[]', image_url: null });
    });
  });
}
