import { databaseOptions, openDatabase } from '@greencommerce/db';
import { loggerFromEnv } from '@greencommerce/http';
import type { NotificationsDeps } from './deps';
import type { NotificationsEnv } from './env';
import { createMailer } from './mailer';

/** Builds the real dependencies from configuration; the embedded database is migrated on start. */
export async function depsFromEnv(env: NotificationsEnv): Promise<NotificationsDeps> {
  return {
    db: await openDatabase(databaseOptions(env)),
    logger: loggerFromEnv('notifications', env),
    mailer: createMailer(env.SMTP_URL, env.NOTIFICATIONS_SEND_CONCURRENCY),
    config: { storefrontUrl: env.STOREFRONT_URL, from: env.MAIL_FROM, messageIdDomain: env.MESSAGE_ID_DOMAIN },
  };
}
