import { buildOpenApi } from '@greencommerce/contracts';
import { createBaseApp, docsRoutes, healthRoutes } from '@greencommerce/http';
import { sql } from 'kysely';
import type { AuthDeps } from './deps';
import { authDocs } from './routes/auth.docs';
import { authRoutes } from './routes/auth.routes';

/** The auth app, with no listen(): main.ts serves it, tests call app.request(). */
export function createApp(deps: AuthDeps) {
  const openapi = buildOpenApi({ title: 'GreenCommerce auth', version: '1.0.0' }, authDocs);
  return createBaseApp({ logger: deps.logger, corsOrigins: deps.config.corsOrigins })
    .route('/', healthRoutes({ database: () => sql`SELECT 1`.execute(deps.db) }))
    .route('/', docsRoutes(openapi, 'GreenCommerce auth API'))
    .route('/', authRoutes(deps));
}

export type AuthApp = ReturnType<typeof createApp>;
