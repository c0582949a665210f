import { FeaturedQuery, Product, ProductList, ProductListQuery, ProductRef } from '@greencommerce/contracts';
import { errorResponses, jsonResponse, publicSecurity, unavailableErrors } from '@greencommerce/http';
import { createRoute } from '@hono/zod-openapi';

const str = { schema: { type: 'string' as const } };
export const cacheHeaders = {
  ETag: { description: 'Strong validator; send it back in If-None-Match', ...str },
  'Cache-Control': { description: 'Public, short-lived, stale-while-revalidate', ...str },
};
export const notModified = {
  304: { description: 'Not modified: If-None-Match holds the current ETag', headers: cacheHeaders },
};
const badQuery = { 400: 'A malformed or unknown query parameter; the message and `details` name it' } as const;
const busySearch = { 429: 'Too many searches (`q`) in progress: try again after `Retry-After`' } as const;

/** The public catalog reads: no token, cacheable. */
export const listProductsRoute = createRoute({
  method: 'get',
  path: '/products',
  operationId: 'listProducts',
  summary: 'Products on sale: search, filter, sort, paginate (a JSON array; the next page in Link)',
  security: publicSecurity,
  request: { query: ProductListQuery },
  responses: {
    200: {
      ...jsonResponse(ProductList, 'A page of products, `[]` when none match'),
      headers: {
        ...cacheHeaders,
        Link: { description: 'RFC 8288 `<…>; rel="next"` when another page follows', ...str },
        'X-Total-Count': {
          description: 'Matching products, with withTotal=true',
          schema: { type: 'integer' as const },
        },
      },
    },
    ...notModified,
    ...errorResponses({ ...badQuery, ...busySearch, ...unavailableErrors }),
  },
});

export const listFeaturedRoute = createRoute({
  method: 'get',
  path: '/products/featured',
  operationId: 'listFeaturedProducts',
  summary: 'Featured products, newest first',
  security: publicSecurity,
  request: { query: FeaturedQuery },
  responses: {
    200: { ...jsonResponse(ProductList, 'Featured products'), headers: cacheHeaders },
    ...notModified,
    ...errorResponses({ ...badQuery, ...unavailableErrors }),
  },
});

export const getProductRoute = createRoute({
  method: 'get',
  path: '/products/{idOrSlug}',
  operationId: 'getProduct',
  summary: 'One product by id or slug',
  security: publicSecurity,
  request: { params: ProductRef },
  responses: {
    200: { ...jsonResponse(Product, 'The product'), headers: cacheHeaders },
    ...notModified,
    ...errorResponses({
      400: 'Not an id or slug',
      404: 'No such product, or it was archived',
      ...unavailableErrors,
    }),
  },
});
