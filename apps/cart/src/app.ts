import { outboxHealth } from '@greencommerce/events';
import { createBaseApp, docsRoutes, healthRoutes, openApiDocument } from '@greencommerce/http';
import { sql } from 'kysely';
import type { CartDeps } from './deps';
import { cartRoutes } from './routes/cart.handlers';
import { CART_TOKEN_HEADER } from './services/caller';

/** The cart app, with no listen(): main.ts serves it, tests call app.request(). */
export function createApp(deps: CartDeps) {
  const routes = cartRoutes(deps);
  return createBaseApp({ logger: deps.logger, corsOrigins: deps.config.corsOrigins, corsHeaders: [CART_TOKEN_HEADER] })
    .route(
      '/',
      healthRoutes({
        database: () => sql`SELECT 1`.execute(deps.db),
        outbox: outboxHealth(deps.db),
      }),
    )
    .route(
      '/',
      docsRoutes(
        () => openApiDocument(routes, { title: 'GreenCommerce cart', version: '1.0.0' }),
        'GreenCommerce cart API',
      ),
    )
    .route('/', routes);
}

export type CartApp = ReturnType<typeof createApp>;
