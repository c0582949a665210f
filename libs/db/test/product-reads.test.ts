import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createMysqlTestDb, type TestDb } from '@greencommerce/testing';
import { type CompiledQuery, sql } from 'kysely';
import { createDb, type Db, listProducts, type ProductOrder } from '../src';

// The listing must walk the index of its order and stop after a page: a plan that sorts every
// product (a join MariaDB drove from categories did) costs 0.6 s a page at 100,000 products.
let t: TestDb;
let logged: Db;
const queries: CompiledQuery[] = [];
beforeAll(async () => {
  t = await createMysqlTestDb('product_reads');
  for (let b = 0; b < 20; b++) {
    await t.db
      .insertInto('products')
      .values(
        Array.from({ length: 1000 }, (_, j) => {
          const i = b * 1000 + j;
          return {
            slug: `p-${i}`,
            name: `Product ${i % 977}`,
            description: 'd',
            price_minor: (i * 37) % 20000,
            currency: 'EUR',
            category_slug: [
              'hogar-y-estilo-de-vida',
              'ropa-y-moda-sostenible',
              'cuidado-personal',
              'comida-y-bebida-sostenible',
              'tecnologia',
              'bebes-y-ninos',
            ][i % 6]!,
            rating_tenths: i % 51,
            stock: i % 10,
            images: '[]',
          };
        }),
      )
      .execute();
  }
  // Statistics as InnoDB keeps them once it has seen the rows (it recalculates in the background).
  await sql`ANALYZE TABLE products, categories`.execute(t.db);
  logged = createDb({ url: t.url, poolSize: 1, log: (e) => void (e.level === 'query' && queries.push(e.query)) });
}, 60_000);
afterAll(async () => {
  await logged.destroy();
  await t.drop();
});

async function plan(order: ProductOrder) {
  queries.length = 0;
  await listProducts(logged, { filters: {}, order, limit: 24 });
  const q = queries[0]!;
  const { rows } = await t.db.executeQuery<{ table: string; Extra: string; key: string | null }>({
    ...q,
    sql: `EXPLAIN ${q.sql}`,
  });
  return rows;
}

test('every order but the search reads products first, by its index, without sorting them all', async () => {
  for (const [order, key] of [
    ['newest', 'PRIMARY'],
    ['price', 'products_price'],
    ['-price', 'products_price'],
    ['rating', 'products_rating'],
    ['name', 'products_name'],
  ] as const) {
    const [first] = await plan(order);
    expect({ order, table: first?.table, key: first?.key, filesort: /filesort/.test(first?.Extra ?? '') }).toEqual({
      order,
      table: 'products',
      key,
      filesort: false,
    });
  }
});
