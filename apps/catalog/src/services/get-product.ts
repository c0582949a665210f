import type { Product } from '@greencommerce/contracts';
import { findProductByIdOrSlug, listFeaturedProducts, productRowEtag, toProduct } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import type { CatalogDeps } from '../deps';

/** A live product by id or slug, with its ETag; 404 for an unknown or archived one. */
export async function getProduct(deps: CatalogDeps, idOrSlug: string): Promise<{ product: Product; etag: string }> {
  const row = await findProductByIdOrSlug(deps.db, idOrSlug);
  if (!row) throw new AppError('NOT_FOUND', 'Product not found');
  return { product: toProduct(row), etag: productRowEtag(row) };
}

/** The featured shelf (the original roadmap's ListFeaturedProduct). */
export async function listFeatured(deps: CatalogDeps, limit: number): Promise<Product[]> {
  return (await listFeaturedProducts(deps.db, limit)).map(toProduct);
}
