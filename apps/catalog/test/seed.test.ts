import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createDb, isMysql } from '@greencommerce/db';
import { createMysqlTestDb, createSqliteTestDb, plainChildEnv, type TestDb } from '@greencommerce/testing';
import sharp from 'sharp';
import { DEMO_CATALOG, seedDemoCatalog } from '../src/services/seed-demo-catalog';

const ASSETS = path.resolve(import.meta.dir, '../assets');
const assetUrl = (file: string) => `http://catalog.test/assets/${file}`;
const SEED_ONCE = path.join(import.meta.dir, 'fixtures/seed-once.ts');

describe('the shipped demo catalog', () => {
  test('at least 24 products over the six categories, some featured, some out of stock, some rated 5.0', () => {
    expect(DEMO_CATALOG.length).toBeGreaterThanOrEqual(24);
    expect(new Set(DEMO_CATALOG.map((p) => p.category)).size).toBe(6);
    expect(DEMO_CATALOG.filter((p) => p.featured).length).toBeGreaterThan(0);
    expect(DEMO_CATALOG.filter((p) => p.quantity === 0).length).toBeGreaterThan(0);
    expect(DEMO_CATALOG.filter((p) => p.rating === 5).length).toBeGreaterThan(0);
    expect(new Set(DEMO_CATALOG.map((p) => p.slug)).size).toBe(DEMO_CATALOG.length);
  });

  test('every product and category image is a real, small, distinct 600x600 WebP in the assets folder', async () => {
    const categories = [
      'hogar-y-estilo-de-vida',
      'ropa-y-moda-sostenible',
      'cuidado-personal',
      'comida-y-bebida-sostenible',
      'tecnologia',
      'bebes-y-ninos',
    ].map((slug) => `categories/${slug}.webp`);
    const files = [...categories, ...DEMO_CATALOG.map((p) => p.image)];
    const contents = new Set<string>();
    for (const file of files) {
      const full = path.join(ASSETS, file);
      expect(existsSync(full)).toBe(true);
      expect(statSync(full).size).toBeLessThan(30 * 1024);
      const meta = await sharp(full).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 600, 600]);
      contents.add(Bun.hash(await Bun.file(full).bytes()).toString());
    }
    expect(contents.size).toBe(files.length);
  });
});

for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('catalog_seed')],
  ['sqlite', createSqliteTestDb],
] as const) {
  describe(`demo catalog seed on ${dialect}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(async () => {
      await t.drop();
    });

    const count = async (table: 'products' | 'outbox') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('an empty catalog gets every demo product, with its image URL, once; a second run adds nothing', async () => {
      expect(await seedDemoCatalog(t.db, assetUrl)).toBe(DEMO_CATALOG.length);
      const rows = await t.db.selectFrom('products').selectAll().orderBy('id').execute();
      expect(rows.map((r) => r.slug)).toEqual(DEMO_CATALOG.map((p) => p.slug));
      const vela = rows[0]!;
      expect(vela).toMatchObject({
        name: 'Vela de cera de soja con lavanda',
        price_minor: 1490,
        rating_tenths: 47,
        stock: 40,
        featured: 1,
        category_slug: 'hogar-y-estilo-de-vida',
        image_url: 'http://catalog.test/assets/demo/vela-de-soja-lavanda.webp',
      });
      expect(JSON.parse(vela.images)).toEqual([{ id: expect.any(String), url: vela.image_url }]);
      expect(await count('outbox')).toBe(DEMO_CATALOG.length);

      expect(await seedDemoCatalog(t.db, assetUrl)).toBe(0);
      expect(await count('products')).toBe(DEMO_CATALOG.length);
      expect(await count('outbox')).toBe(DEMO_CATALOG.length);
    });

    test('a catalog with any product, even only archived ones, is left alone', async () => {
      await t.db.deleteFrom('product_images').execute();
      await t.db.deleteFrom('products').where('slug', '!=', 'vela-de-soja-lavanda').execute();
      await t.db.updateTable('products').set({ archived_at: new Date() }).execute();
      expect(await seedDemoCatalog(t.db, assetUrl)).toBe(0);
      expect(await count('products')).toBe(1);
      await t.db.deleteFrom('products').execute();
      await t.db.deleteFrom('outbox').execute();
    });

    test('four processes seeding at once: every product exactly once, one ProductCreated each', async () => {
      const runs = [0, 1, 2, 3].map(() =>
        Bun.spawn([process.execPath, SEED_ONCE], {
          env: plainChildEnv({ DATABASE_URL: t.url }),
          stdout: 'pipe',
          stderr: 'pipe',
        }),
      );
      const results = await Promise.all(
        runs.map(async (p) => ({
          code: await p.exited,
          seeded: Number((await new Response(p.stdout).text()).trim()),
          err: await new Response(p.stderr).text(),
        })),
      );
      expect(results.map((r) => [r.code, r.err])).toEqual(Array(4).fill([0, '']));
      expect(results.map((r) => r.seeded).sort()).toEqual([0, 0, 0, DEMO_CATALOG.length]);
      expect(await count('products')).toBe(DEMO_CATALOG.length);
      expect(await count('outbox')).toBe(DEMO_CATALOG.length);
    }, 60_000);

    test('workers of one process racing (separate pools, same moment): one seeds, the others find it done', async () => {
      // bun:sqlite is synchronous: in one process its connections cannot interleave, only processes can (above).
      if (!isMysql(t.db)) return;
      await t.db.deleteFrom('product_images').execute();
      await t.db.deleteFrom('products').execute();
      await t.db.deleteFrom('outbox').execute();
      const pools = [0, 1, 2, 3].map(() => createDb({ url: t.url, poolSize: 2 }));
      try {
        const seeded = await Promise.all(pools.map((db) => seedDemoCatalog(db, assetUrl)));
        expect(seeded.sort()).toEqual([0, 0, 0, DEMO_CATALOG.length]);
      } finally {
        await Promise.all(pools.map((db) => db.destroy()));
      }
      expect(await count('products')).toBe(DEMO_CATALOG.length);
      expect(await count('outbox')).toBe(DEMO_CATALOG.length);
    });
  });
}
