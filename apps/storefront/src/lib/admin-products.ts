import type { Product } from '@greencommerce/client';
import { api } from './api';
import { nextCursor } from './listing-query';
import { failPage } from './page-failure';

export const ADMIN_PAGE_SIZE = 20;

/** A page of products on sale (archived ones are gone from every read), optionally searched. */
export async function searchProducts(q: string | undefined, cursor: string | undefined) {
  const { data, response } = await (await api()).catalog.GET('/products', {
    params: { query: { limit: String(ADMIN_PAGE_SIZE), ...(q && { q }), ...(cursor && { cursor }) } },
  });
  if (!data) failPage('GET /products', response.status);
  return { products: data, next: nextCursor(response.headers.get('link')) };
}

/** One product with its ETag, which an edit sends back as If-Match (412 if someone changed it meanwhile). */
export async function productForEdit(id: string): Promise<{ product: Product; etag: string }> {
  const { data, response } = await (await api()).catalog.GET('/products/{idOrSlug}', {
    params: { path: { idOrSlug: id } },
  });
  if (!data) failPage('GET /products/{idOrSlug}', response.status);
  return { product: data, etag: response.headers.get('etag') ?? '' };
}
