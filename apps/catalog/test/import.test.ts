import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMysql } from '@greencommerce/db';
import { createMysqlTestDb, createSqliteTestDb, plainChildEnv, type TestDb } from '@greencommerce/testing';
import { sql } from 'kysely';
import { csvRows, jsonRows } from '../src/services/import-file';
import { type ImportOptions, importProducts } from '../src/services/import-products';

const csv = (text: string) => csvRows(new TextEncoder().encode(text));
const json = (value: unknown) => jsonRows(new TextEncoder().encode(JSON.stringify(value)));
const CLI = path.resolve(import.meta.dir, '../../../scripts/catalog-import.ts');
/** Enough small batches that the three processes' imports overlap, whatever their start times. */
const RACE_ROWS = 2000;
const HEADER = 'slug,name,description,price,category,brand,rating,quantity,featured,image';

for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('catalog_import')],
  ['sqlite', createSqliteTestDb],
] as const) {
  describe(`catalog import on ${dialect}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(async () => {
      await t.drop();
    });

    const product = (slug: string) =>
      t.db.selectFrom('products').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
    const events = async (slugPrefix: string) => {
      const rows = await t.db.selectFrom('outbox').select(['topic', 'event_key', 'payload']).orderBy('id').execute();
      return rows
        .map((r) => ({ topic: r.topic, key: r.event_key, ...JSON.parse(r.payload) }))
        .filter(
          (e) => String(e.data.slug ?? e.data.product?.slug ?? '').startsWith(slugPrefix) || e.event === 'StockChanged',
        );
    };
    const run = (rows: Parameters<typeof importProducts>[1], options?: ImportOptions) =>
      importProducts(t.db, rows, options);

    test('CSV quoting: commas, doubled quotes, line breaks (CRLF) inside quotes, a BOM, accents', async () => {
      const file =
        '\ufeffslug,name,description,price,category,quantity,brand\r\n' +
        'q-taza,"Taza ""Café"", de barro","Hecha a mano,\r\ncon barro local\r\ny esmalte sin plomo",12.50,Hogar y Estilo de Vida,3,Barro & Co\r\n' +
        'q-jabon,Jabón de avena,,4,cuidado-personal,10,\r\n';
      const report = await run(csv(file));
      expect(report).toEqual({ created: 2, updated: 0, unchanged: 0, problems: [] });
      const taza = await product('q-taza');
      expect(taza.name).toBe('Taza "Café", de barro');
      expect(taza.description).toBe('Hecha a mano,\r\ncon barro local\r\ny esmalte sin plomo');
      expect(taza.price_minor).toBe(1250);
      expect(taza.category_slug).toBe('hogar-y-estilo-de-vida');
      expect(taza.brand).toBe('Barro & Co');
      // Empty cells are absent fields: the defaults apply.
      const jabon = await product('q-jabon');
      expect([jabon.description, jabon.brand, jabon.currency, jabon.rating_tenths]).toEqual(['', '', 'USD', 0]);
    });

    test('bad rows are reported with the line their record starts on, and the others are imported', async () => {
      const lines = [
        HEADER, // 1
        'b-ok-1,Bueno uno,"dos\nlíneas",1.00,tecnologia,,4.5,1,,', // 2-3
        'b-neg,Precio negativo,,-1,tecnologia,,,1,,', // 4
        '', // 5: empty, skipped
        'b-dec,Tres decimales,,1.005,tecnologia,,,1,,', // 6
        'b-cat,Categoría rara,,1,jardineria,,,1,,', // 7
        'b-noq,Sin cantidad,,1,tecnologia,,,,,', // 8
        'b-extra,Columna de más,,1,tecnologia,,,1,,,sobra', // 9
        'b-ok-2,"Bueno ""dos""",,2.5,tecnologia,,5,0,true,https://img.example/b2.webp', // 10
        'b-ok-1,Repetido,,1,tecnologia,,,1,,', // 11
        'b-img,Imagen mala,,1,tecnologia,,,1,,ftp://x/y.png', // 12
        'b-rate,Nota alta,,1,tecnologia,,5.5,1,,', // 13
        'b-feat,Destacado raro,,1,tecnologia,,,1,quizá,', // 14
        '"b-open,Comillas sin cerrar,,1,tecnologia,,,1,,', // 15 (to the end of the file)
        'b-lost,Dentro de las comillas,,1,tecnologia,,,1,,', // 16
      ];
      const report = await run(csv(`${lines.join('\n')}\n`));
      expect(report.created).toBe(2);
      expect(report.problems.map((p) => p.line)).toEqual([4, 6, 7, 8, 9, 11, 12, 13, 14, 15]);
      const message = (line: number) => report.problems.find((p) => p.line === line)?.message;
      expect(message(4)).toMatch(/^price: .*negative/);
      expect(message(6)).toMatch(/^price: .*two decimals/);
      expect(message(7)).toContain('unknown category "jardineria"');
      expect(message(8)).toContain('quantity');
      expect(message(9)).toContain('not a valid CSV record');
      expect(message(11)).toContain('"b-ok-1" is also at line 2');
      expect(message(12)).toContain('image');
      expect(message(13)).toContain('rating');
      expect(message(14)).toContain('featured');
      expect(message(15)).toContain('never closed');
      expect((await product('b-ok-2')).featured).toBe(1);
      const written = await t.db.selectFrom('products').select('slug').where('slug', 'like', 'b-%').execute();
      expect(written.map((r) => r.slug).sort()).toEqual(['b-ok-1', 'b-ok-2']);
    });

    test('JSON: both payload generations, bad items reported by array index', async () => {
      const report = await run(
        json([
          {
            slug: 'j-fastapi',
            name: 'Cuaderno',
            price: 3.2,
            category: 'tecnologia',
            quantity: 4,
            image: 'https://i.example/a.png',
            rating: 4,
          },
          {
            slug: 'j-graphql',
            name: 'Lápiz',
            description: 'de cedro',
            price: 0.99,
            stock: 7,
            brand: 'Bosque',
            category: 'Tecnología',
            image_url: 'https://i.example/b.png',
          },
          { slug: 'j-bad', name: 'Sin precio', category: 'tecnologia', quantity: 1 },
          'not an object',
          { slug: 'j-both', name: 'Dos stocks', price: 1, category: 'tecnologia', quantity: 1, stock: 2 },
        ]),
        { where: (i) => `index ${i}` },
      );
      expect(report.created).toBe(2);
      expect(report.problems.map((p) => p.line)).toEqual([2, 3, 4]);
      const graphql = await product('j-graphql');
      expect([graphql.stock, graphql.image_url, graphql.price_minor]).toEqual([7, 'https://i.example/b.png', 99]);
      const images = JSON.parse(graphql.images);
      expect(images).toEqual([{ id: expect.any(String), url: 'https://i.example/b.png' }]);
      const stored = await t.db.selectFrom('product_images').selectAll().where('product_id', '=', graphql.id).execute();
      expect(stored.map((i) => [i.id, i.url, i.object_key, i.position])).toEqual([
        [images[0].id, images[0].url, null, 0],
      ]);
    });

    test('idempotent by slug: the same file again writes nothing; a changed row is updated with its events', async () => {
      const file = [
        HEADER,
        'i-a,Botella de vidrio,Litro,8.00,comida-y-bebida-sostenible,Vidrio Vivo,4,10,false,https://img.example/a1.webp',
        'i-b,Botella de acero,Medio litro,15.00,comida-y-bebida-sostenible,Acero,4.5,5,true,',
      ].join('\r\n');
      expect(await run(csv(file))).toEqual({ created: 2, updated: 0, unchanged: 0, problems: [] });
      const a = await product('i-a');
      const created = await events('i-');
      expect(created.map((e) => [e.topic, e.event, e.key])).toEqual([
        ['catalog.product.created', 'ProductCreated', String(a.id)],
        ['catalog.product.created', 'ProductCreated', String((await product('i-b')).id)],
      ]);
      expect(created[0].data).toEqual({
        productId: a.id,
        slug: 'i-a',
        name: 'Botella de vidrio',
        priceMinor: 800,
        currency: 'USD',
        category: 'comida-y-bebida-sostenible',
        stock: 10,
      });

      expect(await run(csv(file))).toEqual({ created: 0, updated: 0, unchanged: 2, problems: [] });
      expect(await events('i-')).toHaveLength(2);
      expect((await product('i-a')).version).toBe(a.version);

      // An image uploaded meanwhile stays; the image given by URL is replaced and comes first.
      await t.db
        .insertInto('product_images')
        .values({
          id: 'uploaded-1',
          product_id: a.id,
          object_key: 'products/1/x.webp',
          url: 'https://s3.example/x.webp',
          position: 1,
        })
        .execute();
      const changed = file
        .replace('8.00,comida', '8.50,comida')
        .replace(',4,10,false,https://img.example/a1.webp', ',4,12,false,https://img.example/a2.webp');
      expect(await run(csv(changed))).toEqual({ created: 0, updated: 1, unchanged: 1, problems: [] });
      const after = await product('i-a');
      expect([after.price_minor, after.stock, after.version, after.created_at]).toEqual([
        850,
        12,
        a.version + 1,
        a.created_at,
      ]);
      const images = JSON.parse(after.images);
      expect(images.map((i: { url: string }) => i.url)).toEqual([
        'https://img.example/a2.webp',
        'https://s3.example/x.webp',
      ]);
      expect(after.image_url).toBe('https://img.example/a2.webp');
      const more = (await events('i-')).slice(2);
      expect(more.map((e) => e.event)).toEqual(['ProductUpdated', 'StockChanged']);
      expect(more[0].data).toMatchObject({ productId: a.id, changedFields: ['price', 'stock', 'image'] });
      expect(more[0].data.product).toMatchObject({ priceMinor: 850, stock: 12 });
      expect(more[1].data).toEqual({ productId: a.id, oldQuantity: 10, newQuantity: 12, reason: 'import' });

      // A row without an image leaves the product's images alone.
      const noImage = changed.replace(',https://img.example/a2.webp', ',');
      expect(await run(csv(noImage))).toEqual({ created: 0, updated: 0, unchanged: 2, problems: [] });
    });

    test('an archived product is not brought back by an import: its row is reported', async () => {
      await run(csv(`${HEADER}\narch-1,Archivado,,1,tecnologia,,,1,,\n`));
      await t.db.updateTable('products').set({ archived_at: new Date() }).where('slug', '=', 'arch-1').execute();
      const report = await run(csv(`${HEADER}\narch-1,Archivado otra vez,,2,tecnologia,,,1,,\n`));
      expect(report.problems).toEqual([{ line: 2, message: expect.stringContaining('archived product') }]);
      expect((await product('arch-1')).name).toBe('Archivado');
    });

    test('batches: rows beyond one batch are all written, each batch in its own transaction', async () => {
      const rows = Array.from({ length: 7 }, (_, i) => `batch-${i},Producto ${i},,1.0${i},bebes-y-ninos,,,${i},,`);
      const seen: number[] = [];
      const report = await run(csv(`${HEADER}\n${rows.join('\n')}\n`), {
        batchSize: 3,
        onBatch: (r) => seen.push(r.created),
      });
      expect(report.created).toBe(7);
      expect(seen).toEqual([3, 6, 7]);
    });

    test('nothing half-written: a batch whose events cannot be written leaves no product behind', async () => {
      if (isMysql(t.db)) {
        await sql`CREATE TRIGGER outbox_refuses BEFORE INSERT ON outbox FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'outbox refuses'`.execute(
          t.db,
        );
      } else {
        await sql`CREATE TRIGGER outbox_refuses BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox refuses'); END`.execute(
          t.db,
        );
      }
      try {
        const error = await run(
          csv(`${HEADER}\nhalf-1,Uno,,1,tecnologia,,,1,,\nhalf-2,Dos,,1,tecnologia,,,1,,\n`),
        ).catch((e) => e);
        expect(String(error)).toContain('outbox refuses');
      } finally {
        await sql`DROP TRIGGER outbox_refuses`.execute(t.db);
      }
      const left = await t.db.selectFrom('products').select('slug').where('slug', 'like', 'half-%').execute();
      expect(left).toEqual([]);
    });

    test('three import processes on the same new slugs at once: each product created once, one ProductCreated each', async () => {
      const file = path.join(tmpdir(), `gc-race-${process.pid}-${dialect}.csv`);
      await Bun.write(
        file,
        `${HEADER}\n${Array.from({ length: RACE_ROWS }, (_, i) => `race-${i},Carrera ${i},,1,tecnologia,,,1,,`).join('\n')}\n`,
      );
      const runs = [0, 1, 2].map(() =>
        Bun.spawn([process.execPath, CLI, file], {
          env: plainChildEnv({ DATABASE_URL: t.url, CATALOG_IMPORT_BATCH: '50' }),
          stdout: 'pipe',
          stderr: 'pipe',
        }),
      );
      const outputs = await Promise.all(
        runs.map(async (p) => ({
          code: await p.exited,
          out: await new Response(p.stdout).text(),
          err: await new Response(p.stderr).text(),
        })),
      );
      expect(outputs.map((o) => [o.code, o.err])).toEqual([
        [0, ''],
        [0, ''],
        [0, ''],
      ]);
      const created = outputs.map((o) => Number(/(\d+) created/.exec(o.out)?.[1]));
      expect(created.reduce((a, b) => a + b)).toBe(RACE_ROWS);
      expect((await events('race-')).filter((e) => e.event === 'ProductCreated')).toHaveLength(RACE_ROWS);
      await Bun.file(file).delete();
    }, 60_000);
  });
}

describe('npm run catalog:import', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createSqliteTestDb();
  });
  afterAll(async () => {
    await t.drop();
  });

  const cli = async (...args: string[]) => {
    const p = Bun.spawn([process.execPath, CLI, ...args], {
      env: plainChildEnv({ DATABASE_URL: t.url }),
      stdout: 'pipe',
      stderr: 'pipe',
    });
    return { code: await p.exited, out: await new Response(p.stdout).text(), err: await new Response(p.stderr).text() };
  };

  test('prints each bad row with its line, imports the rest, exits 1; a clean file exits 0', async () => {
    const file = path.join(tmpdir(), `gc-cli-${process.pid}.csv`);
    await Bun.write(file, `${HEADER}\ncli-ok,Bueno,,1,tecnologia,,,1,,\ncli-bad,Malo,,1.001,tecnologia,,,1,,\n`);
    const bad = await cli(file);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(new RegExp(`^${file}: line 3: price: [^\n]*two decimals\n$`));
    expect(bad.out).toContain(`${file}: 1 created, 0 updated, 0 unchanged, 1 bad (not imported)`);

    const jsonFile = path.join(tmpdir(), `gc-cli-${process.pid}.json`);
    await Bun.write(
      jsonFile,
      JSON.stringify([{ slug: 'cli-ok', name: 'Bueno', price: 1, category: 'tecnologia', stock: 1 }]),
    );
    const clean = await cli(jsonFile);
    expect([clean.code, clean.err]).toEqual([0, '']);
    expect(clean.out).toContain('0 created, 0 updated, 1 unchanged, 0 bad');

    await Bun.write(jsonFile, '{"not": "an array"}');
    expect(await cli(jsonFile)).toMatchObject({ code: 2, err: expect.stringContaining('array of products') });
    expect(await cli('/nonexistent/products.csv')).toMatchObject({
      code: 2,
      err: expect.stringContaining('no such file'),
    });
    expect((await cli()).code).toBe(2);
    await Bun.file(file).delete();
    await Bun.file(jsonFile).delete();
  }, 60_000);
});
