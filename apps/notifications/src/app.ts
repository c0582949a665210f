import { notificationMailSummary } from '@greencommerce/db';
import { outboxHealth } from '@greencommerce/events';
import { createBaseApp, healthRoutes } from '@greencommerce/http';
import { sql } from 'kysely';
import type { NotificationsDeps } from './deps';

/**
 * The notifications worker's HTTP face, with no listen(): /healthz and /readyz only. Readiness needs
 * the database and the SMTP server; the mail queue is reported (waiting, given up) without failing it.
 */
export function createApp(deps: NotificationsDeps) {
  return createBaseApp({ logger: deps.logger, corsOrigins: [] }).route(
    '/',
    healthRoutes({
      database: () => sql`SELECT 1`.execute(deps.db),
      outbox: outboxHealth(deps.db),
      smtp: () => deps.mailer.verify(),
      mail: async () => {
        const { pending, failed } = await notificationMailSummary(deps.db);
        return `${pending} pending, ${failed} failed`;
      },
    }),
  );
}

export type NotificationsApp = ReturnType<typeof createApp>;
