import { CategoryList } from '@greencommerce/contracts';
import { errorResponses, jsonResponse, publicSecurity, unavailableErrors } from '@greencommerce/http';
import { createRoute, z } from '@hono/zod-openapi';
import { cacheHeaders, notModified } from './products.routes';

export const listCategoriesRoute = createRoute({
  method: 'get',
  path: '/categories',
  operationId: 'listCategories',
  summary: 'The categories, in display order, with their live product counts',
  security: publicSecurity,
  request: { query: z.object({}).strict() },
  responses: {
    200: { ...jsonResponse(CategoryList, 'Categories'), headers: cacheHeaders },
    ...notModified,
    ...errorResponses({ 400: 'An unknown query parameter; the message names it', ...unavailableErrors }),
  },
});
