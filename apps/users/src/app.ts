import { outboxHealth } from '@greencommerce/events';
import { createBaseApp, docsRoutes, healthRoutes, openApiDocument } from '@greencommerce/http';
import { mediaRoutes } from '@greencommerce/media';
import { sql } from 'kysely';
import type { UsersDeps } from './deps';
import { usersRoutes } from './routes/users.handlers';

/** The users app, with no listen(): main.ts serves it, tests call app.request(). */
export function createApp(deps: UsersDeps) {
  const routes = usersRoutes(deps);
  const app = createBaseApp({
    logger: deps.logger,
    corsOrigins: deps.config.corsOrigins,
    // Room for an image at the limit plus its multipart framing; /upload enforces the exact limit.
    maxBodyBytes: deps.config.maxUploadBytes + 1024 * 1024,
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
        () => openApiDocument(routes, { title: 'GreenCommerce users', version: '1.0.0' }),
        'GreenCommerce users API',
      ),
    )
    .route('/', routes);
  return deps.mediaDir ? app.route('/', mediaRoutes(deps.mediaDir)) : app;
}

export type UsersApp = ReturnType<typeof createApp>;
