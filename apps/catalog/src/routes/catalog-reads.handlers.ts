import { DEFAULT_PAGE_SIZE } from '@greencommerce/contracts';
import { concurrencyLimit, contentEtag, openApiRouter } from '@greencommerce/http';
import type { CatalogDeps } from '../deps';
import { getProduct, listFeatured } from '../services/get-product';
import { listCategoryShelf } from '../services/list-categories';
import { listProductPage } from '../services/list-products';
import { listCategoriesRoute } from './categories.routes';
import { CACHE_CONTROL, conditionalJson } from './http-cache';
import { getProductRoute, listFeaturedRoute, listProductsRoute } from './products.routes';
import type { RevalidationCache } from './revalidation-cache';

/** The next page's address: this request's own query with the new cursor (RFC 8288, relative). */
function nextLink(url: string, cursor: string) {
  const { pathname, searchParams } = new URL(url);
  searchParams.set('cursor', cursor);
  return `<${pathname}?${searchParams}>; rel="next"`;
}

/**
 * The public reads; a revalidation of what they answered lately is answered before routing (see
 * createApp). /products/featured is declared before /products/{idOrSlug}, which would take it.
 */
export function catalogReadRoutes(deps: CatalogDeps, revalidation: RevalidationCache) {
  const searches = concurrencyLimit({
    concurrency: deps.config.searchConcurrency ?? 4,
    queueLimit: deps.config.searchQueueLimit ?? 64,
    what: 'searches',
  });
  return openApiRouter()
    .openapi(listProductsRoute, async (c) => {
      const query = c.req.valid('query');
      const list = () => listProductPage(deps, query);
      const listing = await (query.q?.trim() ? searches(list) : list());
      const body = JSON.stringify(listing.products);
      const headers: Record<string, string> = {};
      if (listing.nextCursor) headers.Link = nextLink(c.req.url, listing.nextCursor);
      if (listing.total !== undefined) headers['X-Total-Count'] = String(listing.total);
      // The validator covers everything sent: the body and the paging headers.
      const etag = contentEtag(`${body}\n${headers.Link ?? ''}\n${headers['X-Total-Count'] ?? ''}`);
      return conditionalJson(c, body, etag, CACHE_CONTROL.products, headers, revalidation);
    })
    .openapi(listFeaturedRoute, async (c) => {
      const { limit } = c.req.valid('query');
      const body = JSON.stringify(await listFeatured(deps, limit === undefined ? DEFAULT_PAGE_SIZE : Number(limit)));
      return conditionalJson(c, body, contentEtag(body), CACHE_CONTROL.products, {}, revalidation);
    })
    .openapi(getProductRoute, async (c) => {
      const { product, etag } = await getProduct(deps, c.req.valid('param').idOrSlug);
      return conditionalJson(c, JSON.stringify(product), etag, CACHE_CONTROL.products, {}, revalidation);
    })
    .openapi(listCategoriesRoute, async (c) => {
      const body = JSON.stringify(await listCategoryShelf(deps));
      return conditionalJson(c, body, contentEtag(body), CACHE_CONTROL.categories, {}, revalidation);
    });
}
