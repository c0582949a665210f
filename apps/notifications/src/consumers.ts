import { eventConsumer, type RetryPolicy } from '@greencommerce/events';
import type { MailConfig } from './services/compose-mail';
import { queueMail } from './services/queue-mail';

/** The consumer group whose processed events are the mail already queued. */
export const NOTIFICATIONS_GROUP = 'notifications';

/**
 * The events that owe mail. UserRegistered is not among them: registration emits an
 * EmailVerificationRequested (reason 'registration') in the same transaction, and that one mail is the
 * welcome with the link.
 */
export const notificationsConsumers = (config: MailConfig, retry?: RetryPolicy, group = NOTIFICATIONS_GROUP) => {
  const queue = async (trx: Parameters<typeof queueMail>[0], _data: unknown, event: Parameters<typeof queueMail>[1]) =>
    void (await queueMail(trx, event, config));
  return [
    eventConsumer(
      group,
      {
        EmailVerificationRequested: queue,
        PasswordResetRequested: queue,
        PasswordChanged: queue,
        ImageUploaded: queue,
        OrderPaid: queue,
        OrderCancelled: queue,
        OrderExpired: queue,
        OrderRefunded: queue,
      },
      retry,
    ),
  ];
};
