import { IDEMPOTENCY_KEY_HEADER } from '@greencommerce/contracts';
import { outboxHealth } from '@greencommerce/events';
import { createBaseApp, docsRoutes, healthRoutes, openApiDocument } from '@greencommerce/http';
import { sql } from 'kysely';
import type { OrdersDeps } from './deps';
import { paymentRoutes } from './payments/payments.handlers';
import { orderRoutes } from './routes/orders.handlers';

/** The orders app, with no listen(): main.ts serves it, tests call app.request(). */
export function createApp(deps: OrdersDeps) {
  // Order routes (checkout, orders, state changes) and payment routes (webhooks, confirm, refunds): one document.
  const routes = orderRoutes(deps).route('/', paymentRoutes(deps));
  return createBaseApp({
    logger: deps.logger,
    corsOrigins: deps.config.corsOrigins,
    corsHeaders: [IDEMPOTENCY_KEY_HEADER],
  })
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
        () => openApiDocument(routes, { title: 'GreenCommerce orders', version: '1.0.0' }),
        'GreenCommerce orders API',
      ),
    )
    .route('/', routes);
}

export type OrdersApp = ReturnType<typeof createApp>;
