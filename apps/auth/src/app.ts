import { outboxHealth } from '@greencommerce/events';
import { createBaseApp, docsRoutes, healthRoutes, openApiDocument } from '@greencommerce/http';
import { sql } from 'kysely';
import type { AuthDeps } from './deps';
import { authRoutes } from './routes/auth.handlers';

/** The auth app, with no listen(): main.ts serves it, tests call app.request(). */
export function createApp(deps: AuthDeps) {
  const routes = authRoutes(deps);
  return createBaseApp({ logger: deps.logger, corsOrigins: deps.config.corsOrigins })
    .route('/', healthRoutes({ database: () => sql`SELECT 1`.execute(deps.db), outbox: outboxHealth(deps.db) }))
    .route(
      '/',
      docsRoutes(
        () => openApiDocument(routes, { title: 'GreenCommerce auth', version: '1.0.0' }),
        'GreenCommerce auth API',
      ),
    )
    .route('/', routes);
}

export type AuthApp = ReturnType<typeof createApp>;
