import { openApiRouter, requireAuth, requireRole, type TokenVerifier } from '@greencommerce/http';
import { uploadSlots } from '@greencommerce/media';
import { addProductImage } from '../services/add-product-image';
import { adjustProductStock } from '../services/adjust-stock';
import type { AdminDeps } from '../services/admin-deps';
import { archiveProductByRef } from '../services/archive-product';
import { createProduct } from '../services/create-product';
import { removeProductImage } from '../services/remove-product-image';
import { updateProductFields } from '../services/update-product';
import {
  addProductImageRoute,
  adjustStockRoute,
  archiveProductRoute,
  createProductRoute,
  removeProductImageRoute,
  updateProductRoute,
} from './admin.routes';

export type AdminRouteDeps = AdminDeps & {
  verifyToken: TokenVerifier;
  config: AdminDeps['config'] & { uploadConcurrency: number; uploadQueueLimit: number; uploadsPerAccount?: number };
};

/** The admin writes, each behind a bearer token with the admin role (401 without one, 403 without the role). */
export function adminRoutes(deps: AdminRouteDeps) {
  const auth = [requireAuth(deps.verifyToken), requireRole('admin')];
  const slots = uploadSlots({
    concurrency: deps.config.uploadConcurrency,
    queueLimit: deps.config.uploadQueueLimit,
    perUploader: deps.config.uploadsPerAccount,
  });
  return openApiRouter()
    .openapi(createProductRoute(auth), async (c) => {
      const { product, etag } = await createProduct(deps, c.req.valid('json'));
      c.header('ETag', etag);
      c.header('Location', `/products/${product.id}`);
      return c.json(product, 201);
    })
    .openapi(updateProductRoute(auth), async (c) => {
      const { idOrSlug } = c.req.valid('param');
      const ifMatch = c.req.valid('header')['if-match'];
      const { product, etag } = await updateProductFields(deps, idOrSlug, c.req.valid('json'), ifMatch);
      c.header('ETag', etag);
      return c.json(product, 200);
    })
    .openapi(archiveProductRoute(auth), async (c) => {
      await archiveProductByRef(deps, c.req.valid('param').idOrSlug, c.req.valid('header')['if-match']);
      return c.body(null, 204);
    })
    .openapi(adjustStockRoute(auth), async (c) =>
      c.json(await adjustProductStock(deps, c.req.valid('param').idOrSlug, c.req.valid('json')), 201),
    )
    .openapi(addProductImageRoute(auth, deps.config.maxUploadBytes), async (c) => {
      const ref = c.req.valid('param').idOrSlug;
      const admission = { slots, uploader: `user:${c.get('principal').userId}` };
      const { product, etag } = await addProductImage(deps, ref, c.req.raw, admission);
      c.header('ETag', etag);
      return c.json(product, 201);
    })
    .openapi(removeProductImageRoute(auth), async (c) => {
      const { idOrSlug, imageId } = c.req.valid('param');
      const { product, etag } = await removeProductImage(deps, idOrSlug, imageId);
      c.header('ETag', etag);
      return c.json(product, 200);
    });
}
