import { type Product, productEtag, toMajorUnits } from '@greencommerce/contracts';
import { type CompiledQuery, type Kysely, type RawBuilder, sql } from 'kysely';
import { compiledByShape, mark } from '../compiled-once';
import { isMysql } from '../dialect';
import { toDate } from '../errors';
import type { Database, ProductRow } from '../schema';
import { mysqlBooleanQuery, mysqlSearchableWords, searchWords, sqliteMatchQuery } from './product-search';

type Reader = Kysely<Database>;

/** A product row with its category's display name, as every read returns it. */
export type ProductWithCategory = ProductRow & { category_name: string };

export type ProductFilters = {
  /** The user's words, as typed: they are searched as plain words, never as operators. */
  q?: string;
  categorySlug?: string;
  brand?: string;
  minPriceMinor?: number;
  maxPriceMinor?: number;
  inStock?: boolean;
  featured?: boolean;
  minRatingTenths?: number;
};

export type ProductOrder = 'relevance' | 'newest' | 'price' | '-price' | 'rating' | 'name';

/**
 * Where a page ends: the last row's sort value and id. The next page starts strictly after it, so
 * rows inserted meanwhile never shift a page (no repeats, no skips of rows that were there).
 * `value` is null for `newest` (id alone orders it).
 */
export type ProductKey = { order: ProductOrder; value: number | string | null; id: number };

export type ProductPage = { rows: ProductWithCategory[]; next?: ProductKey };

const direction = (order: ProductOrder) => (order === 'price' || order === 'name' ? 'asc' : 'desc');

/**
 * The search's WHERE and its relevance score. The score depends only on the row and the words,
 * never on the rest of the table: the databases' own ranks (InnoDB's MATCH value, FTS5's bm25)
 * move whenever any product is added, since they weigh words by how many products hold them, and
 * a page cursor holding the last score then starts the next page at the wrong place (products
 * skipped or repeated under concurrent inserts). Each word found in the name counts 2, in the
 * brand 1; products that match only by their description follow, newest first (the id decides ties).
 */
function searchCondition(db: Reader, q: string) {
  const words = searchWords(q);
  if (isMysql(db)) {
    const usable = mysqlSearchableWords(words);
    if (!usable.length) return undefined;
    // Accent- and case-insensitive under the columns' collation, like the index.
    const found = (column: 'name' | 'brand') =>
      sql.join(
        usable.map((w) => sql`(${sql.ref(`products.${column}`)} LIKE ${`%${w}%`})`),
        sql` + `,
      );
    return {
      where: sql<number>`MATCH(products.name, products.description, products.brand) AGAINST (${mysqlBooleanQuery(usable)} IN BOOLEAN MODE)`,
      score: sql<number>`(2 * (${found('name')}) + (${found('brand')}))`,
    };
  }
  const match = sqliteMatchQuery(words);
  if (!match) return undefined;
  // The index's own folding (remove_diacritics), one column at a time: each set is built once per query.
  const found = (column: 'name' | 'brand') =>
    sql.join(
      words.map(
        (w) =>
          sql`(products.id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ${`${column} : ${sqliteMatchQuery([w])}`}))`,
      ),
      sql` + `,
    );
  return {
    where: sql<number>`products_fts MATCH ${match}`,
    score: sql<number>`(2 * (${found('name')}) + (${found('brand')}))`,
  };
}

/**
 * Products with their category's name. The name is a subquery per returned row, not a join: with a
 * join, MariaDB drives from the six categories and sorts every product to find a page (0.6 s at
 * 100,000 products instead of a walk down the order's index).
 */
const withCategory = (db: Reader) =>
  db
    .selectFrom('products')
    .selectAll('products')
    .select((eb) =>
      eb
        .selectFrom('categories')
        .select('categories.name')
        .whereRef('categories.slug', '=', 'products.category_slug')
        .$asScalar()
        .$notNull()
        .as('category_name'),
    );

/** The listing's rows before order and paging: live products with their category, filtered. */
function filtered(db: Reader, filters: ProductFilters) {
  let query = withCategory(db).where('products.archived_at', 'is', null);
  if (filters.categorySlug !== undefined) query = query.where('products.category_slug', '=', filters.categorySlug);
  if (filters.brand !== undefined) query = query.where('products.brand', '=', filters.brand);
  if (filters.minPriceMinor !== undefined) query = query.where('products.price_minor', '>=', filters.minPriceMinor);
  if (filters.maxPriceMinor !== undefined) query = query.where('products.price_minor', '<=', filters.maxPriceMinor);
  if (filters.inStock) query = query.where('products.stock', '>', 0);
  if (filters.featured) query = query.where('products.featured', '=', 1);
  if (filters.minRatingTenths !== undefined)
    query = query.where('products.rating_tenths', '>=', filters.minRatingTenths);
  let score: RawBuilder<number> | undefined;
  if (filters.q !== undefined) {
    const search = searchCondition(db, filters.q);
    // Nothing searchable in q (only operators or stopwords): nothing matches.
    if (!search) return undefined;
    if (!isMysql(db)) {
      query = query.innerJoin(sql<{ rowid: number }>`products_fts`.as('products_fts'), (join) =>
        join.onRef('products_fts.rowid', '=', 'products.id'),
      );
    }
    query = query.where(search.where as never);
    score = search.score;
  }
  return { query, score };
}

/** A page's query: `base` in the order's direction, after `after`, `fetch` rows. */
function pageQuery(
  base: NonNullable<ReturnType<typeof filtered>>,
  order: ProductOrder,
  fetch: number,
  after: ProductKey | undefined,
) {
  const dir = direction(order);
  const cmp = dir === 'asc' ? '>' : '<';
  const key: RawBuilder<number | string> | undefined =
    order === 'relevance'
      ? base.score
      : order === 'price' || order === '-price'
        ? sql<number>`products.price_minor`
        : order === 'rating'
          ? sql<number>`products.rating_tenths`
          : order === 'name'
            ? sql<string>`products.name`
            : undefined;
  if (order === 'relevance' && !key) throw new Error('relevance order needs a search');
  let query = base.query;
  if (key) query = query.select(key.as('sort_value'));
  if (after) {
    if (key) {
      // `k >= v AND (k > v OR id > i)` (for ascending): the first part is a range the index serves.
      const v = after.value;
      const weak = cmp === '>' ? sql.raw('>=') : sql.raw('<=');
      query = query.where(
        sql<boolean>`${key} ${weak} ${v} AND (${key} ${sql.raw(cmp)} ${v} OR products.id ${sql.raw(cmp)} ${after.id})` as never,
      );
    } else {
      query = query.where('products.id', cmp, after.id);
    }
  }
  if (key) query = query.orderBy(key, dir);
  return query.orderBy('products.id', dir).limit(fetch);
}

type ListedRow = ProductWithCategory & { sort_value?: number | string | null };

/** The filters whose presence (not value) shapes a listing's SQL; inStock and featured are flags. */
const SHAPING_FILTERS = [
  'categorySlug',
  'brand',
  'minPriceMinor',
  'maxPriceMinor',
  'inStock',
  'featured',
  'minRatingTenths',
] as const;
const PLAIN_ORDERS = ['newest', 'price', '-price', 'rating', 'name'] as const;
const AFTER_BIT = 1 << (SHAPING_FILTERS.length + 3);

/**
 * A listing without a search, compiled once per shape: which filters it has, its order and whether
 * it continues a page (at most 2^11 shapes). Building and compiling the query through Kysely cost
 * the catalog about as much CPU per request as the rest of the listing; the shape's bits are the
 * filters' in SHAPING_FILTERS order, then the order's index, then AFTER_BIT.
 */
const plainListingQuery = compiledByShape<ListedRow>((db, shape) => {
  const filters: Record<string, unknown> = {};
  SHAPING_FILTERS.forEach((name, bit) => {
    if (shape & (1 << bit)) filters[name] = name === 'inStock' || name === 'featured' ? true : mark(name);
  });
  const order = PLAIN_ORDERS[(shape >> SHAPING_FILTERS.length) & 7] as ProductOrder;
  const after = shape & AFTER_BIT ? { order, value: mark('afterValue'), id: mark('afterId') } : undefined;
  const base = filtered(db, filters as ProductFilters);
  if (!base) throw new Error('a listing without a search always has a query');
  return pageQuery(base, order, mark('fetch') as never, after as never);
}, AFTER_BIT * 2);

function plainListingShape(filters: ProductFilters, order: ProductOrder, after: ProductKey | undefined) {
  let shape = 0;
  SHAPING_FILTERS.forEach((name, bit) => {
    if (name === 'inStock' || name === 'featured' ? filters[name] : filters[name] !== undefined) shape |= 1 << bit;
  });
  shape |= PLAIN_ORDERS.indexOf(order as (typeof PLAIN_ORDERS)[number]) << SHAPING_FILTERS.length;
  return after ? shape | AFTER_BIT : shape;
}

/**
 * One page of live products, after `after` when given. `relevance` needs `filters.q`. Asks for one
 * row more than `limit` to know whether another page follows.
 */
export async function listProducts(
  db: Reader,
  opts: { filters: ProductFilters; order: ProductOrder; limit: number; after?: ProductKey },
): Promise<ProductPage> {
  const { filters, order, limit, after } = opts;
  let rows: ListedRow[];
  if (filters.q === undefined && order !== 'relevance') {
    const shape = plainListingShape(filters, order, after);
    const values = { ...filters, fetch: limit + 1, afterValue: after?.value, afterId: after?.id };
    rows = (await plainListingQuery(db, shape, values)).rows;
  } else {
    const base = filtered(db, filters);
    if (!base) return { rows: [] };
    rows = (await pageQuery(base, order, limit + 1, after).execute()) as ListedRow[];
  }
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const last = rows.at(-1);
  const next: ProductKey | undefined =
    more && last ? { order, value: order === 'newest' ? null : (last.sort_value ?? null), id: last.id } : undefined;
  for (const r of rows) delete r.sort_value;
  return next ? { rows, next } : { rows };
}

/** How many live products match (for X-Total-Count). */
export async function countProducts(db: Reader, filters: ProductFilters): Promise<number> {
  const base = filtered(db, filters);
  if (!base) return 0;
  const row = await base.query
    .clearSelect()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const byRefQueries = new WeakMap<object, { id: CompiledQuery; slug: CompiledQuery }>();

/**
 * A live product by id (digits) or slug; archived products are not found. On every GET
 * /products/:id, so compiled once per database, not per call.
 */
export async function findProductByIdOrSlug(db: Reader, ref: string): Promise<ProductWithCategory | undefined> {
  let compiled = byRefQueries.get(db);
  if (!compiled) {
    const live = withCategory(db).where('products.archived_at', 'is', null);
    compiled = {
      id: live.where('products.id', '=', 0).compile(),
      slug: live.where('products.slug', '=', '').compile(),
    };
    byRefQueries.set(db, compiled);
  }
  const byId = /^[0-9]{1,15}$/.test(ref);
  const query = byId ? compiled.id : compiled.slug;
  const { rows } = await db.executeQuery<ProductWithCategory>({ ...query, parameters: [byId ? Number(ref) : ref] });
  return rows[0];
}

/**
 * Products by id, archived ones included (a cart or an order still refers to them): their live
 * price and stock. Ids that do not exist are missing from the result.
 */
export async function findProductsByIds(db: Reader, ids: readonly number[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('products')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/** Live featured products, newest first. */
export async function listFeaturedProducts(db: Reader, limit: number): Promise<ProductWithCategory[]> {
  return withCategory(db)
    .where('products.archived_at', 'is', null)
    .where('products.featured', '=', 1)
    .orderBy('products.id', 'desc')
    .limit(limit)
    .execute();
}

function parseImages(json: string): Product['images'] {
  try {
    const images: unknown = JSON.parse(json);
    return Array.isArray(images)
      ? images.filter((i): i is Product['images'][number] => typeof i?.id === 'string' && typeof i?.url === 'string')
      : [];
  } catch {
    return [];
  }
}

/** The product as the API shows it: the original clients' names, money in major units. */
export function toProduct(row: ProductWithCategory): Product {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    price: toMajorUnits(Number(row.price_minor)),
    currency: row.currency,
    category: row.category_name,
    categorySlug: row.category_slug,
    brand: row.brand,
    rating: row.rating_tenths / 10,
    quantity: row.stock,
    image: row.image_url,
    imageUrl: row.image_url,
    images: parseImages(row.images),
    featured: Boolean(row.featured),
    createdAt: toDate(row.created_at).toISOString(),
    updatedAt: toDate(row.updated_at).toISOString(),
  };
}

/** The ETag of a product row (see productEtag). */
export const productRowEtag = (row: Pick<ProductRow, 'id' | 'version'>) => productEtag(row.id, row.version);
