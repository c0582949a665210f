import { CategoryList } from '@greencommerce/contracts';
import { errorResponses, jsonResponse, publicSecurity, unavailableErrors } from '@greencommerce/http';
import { createRoute } from '@hono/zod-openapi';
import { cacheHeaders, notModified } from './products.routes';

export const listCategoriesRoute = createRoute({
  method: 'get',
  path: '/categories',
  operationId: 'listCategories',
  summary: 'The categories, in display order, with their live product counts',
  security: publicSecurity,
  responses: {
    200: { ...jsonResponse(CategoryList, 'Categories'), headers: cacheHeaders },
    ...notModified,
    ...errorResponses({ ...unavailableErrors }),
  },
});
