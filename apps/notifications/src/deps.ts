import type { Db } from '@greencommerce/db';
import type { Logger } from '@greencommerce/http';
import type { Mailer } from './mailer';
import type { MailConfig } from './services/compose-mail';

export type NotificationsConfig = MailConfig & {
  /** MAIL_FROM. */
  from: string;
  messageIdDomain: string;
};

/** Everything the notifications app needs, passed in so tests can build it with their own. */
export type NotificationsDeps = {
  db: Db;
  logger: Logger;
  mailer: Mailer;
  config: NotificationsConfig;
};
