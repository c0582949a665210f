import {
  DEFAULT_PAGE_SIZE,
  type Product,
  type ProductListQuery,
  type ProductSort,
  toMinorUnits,
} from '@greencommerce/contracts';
import { countProducts, findCategory, listProducts, type ProductFilters, toProduct } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import type { CatalogDeps } from '../deps';
import { decodeCursor, encodeCursor } from './cursor';

const badParam = (name: string, why: string) =>
  new AppError('VALIDATION_FAILED', `Invalid query parameter: ${name} ${why}`, [{ path: name, message: why }]);

export type ProductListing = { products: Product[]; nextCursor?: string; total?: number };

/** The query's filters, once its values are known to be well-formed (the route's schema checked them). */
function filtersOf(query: ProductListQuery): ProductFilters {
  const q = query.q?.trim();
  const minPriceMinor = query.minPrice === undefined ? undefined : toMinorUnits(query.minPrice);
  const maxPriceMinor = query.maxPrice === undefined ? undefined : toMinorUnits(query.maxPrice);
  if (minPriceMinor !== undefined && maxPriceMinor !== undefined && minPriceMinor > maxPriceMinor) {
    throw badParam('maxPrice', 'must not be below minPrice');
  }
  return {
    ...(q && { q }),
    ...(query.category !== undefined && { categorySlug: query.category }),
    ...(query.brand !== undefined && { brand: query.brand }),
    ...(minPriceMinor !== undefined && { minPriceMinor }),
    ...(maxPriceMinor !== undefined && { maxPriceMinor }),
    ...(query.inStock === 'true' && { inStock: true }),
    ...(query.featured === 'true' && { featured: true }),
    ...(query.minRating !== undefined && { minRatingTenths: Math.round(Number(query.minRating) * 10) }),
  };
}

/** GET /products: one page of live products, filtered, searched and sorted. */
export async function listProductPage(deps: CatalogDeps, query: ProductListQuery): Promise<ProductListing> {
  const filters = filtersOf(query);
  const order: ProductSort = query.sort ?? (filters.q ? 'relevance' : 'newest');
  if (order === 'relevance' && !filters.q) throw badParam('sort', 'relevance needs a search (q)');
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, order);
  const limit = query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit);
  const [page, total] = await Promise.all([
    listProducts(deps.db, { filters, order, limit, after }),
    query.withTotal === 'true' ? countProducts(deps.db, filters) : undefined,
  ]);
  // An unknown category is a mistake to report, not an empty shelf; asked only when nothing matched.
  if (page.rows.length === 0 && filters.categorySlug && !(await findCategory(deps.db, filters.categorySlug))) {
    throw badParam('category', 'is not a known category');
  }
  return {
    products: page.rows.map(toProduct),
    ...(page.next && { nextCursor: encodeCursor(page.next) }),
    ...(total !== undefined && { total }),
  };
}
