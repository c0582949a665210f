import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { listProducts, type ProductFilters, type ProductKey, type ProductOrder } from '../src';

// A listing without a search is compiled once per shape (which filters, which order, a first page
// or a later one) and bound per call. Every shape, paged three rows at a time, must give exactly
// the live products a plain filter and sort over the rows gives, in that order.
type Row = {
  id: number;
  name: string;
  price_minor: number;
  category_slug: string;
  brand: string;
  rating_tenths: number;
  stock: number;
  featured: number;
  archived: boolean;
};

const FILTERS: Required<Omit<ProductFilters, 'q'>> = {
  categorySlug: 'tecnologia',
  brand: 'b1',
  minPriceMinor: 500,
  maxPriceMinor: 3000,
  inStock: true,
  featured: true,
  minRatingTenths: 20,
};
const NAMES = Object.keys(FILTERS) as (keyof typeof FILTERS)[];
const ORDERS = ['newest', 'price', '-price', 'rating', 'name'] as const;

const rows: Omit<Row, 'id'>[] = Array.from({ length: 40 }, (_, i) => ({
  // Distinct, lower case and unaccented: both databases' collations order them alike.
  name: `item-${String((i * 7) % 40).padStart(2, '0')}`,
  price_minor: ((i * 13) % 8) * 500, // ties on purpose: the id breaks them
  category_slug: i % 3 === 0 ? 'tecnologia' : 'cuidado-personal',
  brand: `b${i % 2}`,
  rating_tenths: (i * 11) % 50,
  stock: i % 4,
  featured: i % 5 < 2 ? 1 : 0,
  archived: i % 9 === 4,
}));

function expected(all: Row[], filters: ProductFilters, order: (typeof ORDERS)[number]) {
  const kept = all.filter(
    (r) =>
      !r.archived &&
      (filters.categorySlug === undefined || r.category_slug === filters.categorySlug) &&
      (filters.brand === undefined || r.brand === filters.brand) &&
      (filters.minPriceMinor === undefined || r.price_minor >= filters.minPriceMinor) &&
      (filters.maxPriceMinor === undefined || r.price_minor <= filters.maxPriceMinor) &&
      (!filters.inStock || r.stock > 0) &&
      (!filters.featured || r.featured === 1) &&
      (filters.minRatingTenths === undefined || r.rating_tenths >= filters.minRatingTenths),
  );
  const by = (key: (r: Row) => number | string, dir: 1 | -1) => (a: Row, b: Row) => {
    const [ka, kb] = [key(a), key(b)];
    return (ka < kb ? -dir : ka > kb ? dir : 0) || dir * (a.id - b.id);
  };
  const sorts = {
    newest: by(() => 0, -1),
    price: by((r) => r.price_minor, 1),
    '-price': by((r) => r.price_minor, -1),
    rating: by((r) => r.rating_tenths, -1),
    name: by((r) => r.name, 1),
  };
  return kept.sort(sorts[order]).map((r) => r.id);
}

for (const [dialect, make] of [
  ['mariadb', () => createMysqlTestDb('product_listing_shapes')],
  ['sqlite', () => createSqliteTestDb()],
] as const) {
  describe(`listing shapes (${dialect})`, () => {
    let t: TestDb;
    let all: Row[];
    beforeAll(async () => {
      t = await make();
      all = [];
      for (const [i, { archived, ...r }] of rows.entries()) {
        const { insertId } = await t.db
          .insertInto('products')
          .values({
            ...r,
            slug: `s-${i}`,
            description: 'd',
            currency: 'EUR',
            images: '[]',
            archived_at: archived ? new Date() : null,
          })
          .executeTakeFirstOrThrow();
        all.push({ ...r, archived, id: Number(insertId) });
      }
    });
    afterAll(() => t.drop());

    test('every combination of filters in every order, paged by cursor, as a plain filter and sort gives', async () => {
      let shapes = 0;
      for (let mask = 0; mask < 1 << NAMES.length; mask++) {
        const filters = Object.fromEntries(
          NAMES.filter((_, bit) => mask & (1 << bit)).map((n) => [n, FILTERS[n]]),
        ) as ProductFilters;
        for (const order of ORDERS) {
          const ids: number[] = [];
          let after: ProductKey | undefined;
          for (let page = 0; page < 20; page++) {
            const r = await listProducts(t.db, { filters, order: order as ProductOrder, limit: 3, after });
            ids.push(...r.rows.map((row) => row.id));
            after = r.next;
            if (!after) break;
          }
          expect({ filters, order, ids }).toEqual({ filters, order, ids: expected(all, filters, order) });
          shapes++;
        }
      }
      expect(shapes).toBe(128 * 5);
    }, 60_000);
  });
}
