import { outboxHealth } from '@greencommerce/events';
import { createBaseApp, docsRoutes, healthRoutes, openApiDocument, openApiRouter } from '@greencommerce/http';
import { mediaRoutes } from '@greencommerce/media';
import { sql } from 'kysely';
import type { CatalogDeps } from './deps';
import { adminRoutes } from './routes/admin.handlers';
import { assetRoutes } from './routes/assets';
import { catalogReadRoutes } from './routes/catalog-reads.handlers';
import { type RevalidationCache, revalidationCache } from './routes/revalidation-cache';

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Every documented route of the catalog. Any write clears the revalidation cache, so this process
 * never answers a 304 from memory for what it just changed.
 */
export function catalogRoutes(deps: CatalogDeps, revalidation: RevalidationCache) {
  const router = openApiRouter();
  // After any write, successful or not (one that failed after its commit must not leave a stale 304).
  router.on(WRITE_METHODS, '*', async (_c, next) => {
    await next();
    revalidation.clear();
  });
  return router.route('/', catalogReadRoutes(deps, revalidation)).route('/', adminRoutes(deps));
}

/** The catalog app, with no listen(): main.ts serves it, tests call app.request(). */
export function createApp(deps: CatalogDeps) {
  const revalidation = revalidationCache({ ttlMs: deps.config.revalidateCacheMs });
  const routes = catalogRoutes(deps, revalidation);
  const app = createBaseApp({
    logger: deps.logger,
    corsOrigins: deps.config.corsOrigins,
    // Room for an image at the limit plus its multipart framing; image uploads enforce the exact limit.
    maxBodyBytes: deps.config.maxUploadBytes + 1024 * 1024,
    // Revalidations of what this process answered lately: a 304 before routing.
    answerEarly: revalidation.answer,
  })
    .route(
      '/',
      healthRoutes({
        database: () => sql`SELECT 1`.execute(deps.db),
        storage: () => deps.storage.check(),
        outbox: outboxHealth(deps.db),
      }),
    )
    .route(
      '/',
      docsRoutes(
        () => openApiDocument(routes, { title: 'GreenCommerce catalog', version: '1.0.0' }),
        'GreenCommerce catalog API',
      ),
    )
    .route('/', assetRoutes(deps.config.assetsDir))
    .route('/', routes);
  return deps.mediaDir ? app.route('/', mediaRoutes(deps.mediaDir)) : app;
}

export type CatalogApp = ReturnType<typeof createApp>;
