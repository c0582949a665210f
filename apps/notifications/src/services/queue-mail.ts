import { queueNotificationMail, type Trx } from '@greencommerce/db';
import type { DomainEvent } from '@greencommerce/events';
import { composeMail, type MailConfig } from './compose-mail';

/**
 * Queues the message an event owes, in the consumer's transaction (handleOnce): the processed-event
 * record and the queued message commit together, and the event id keys the message, so an event
 * queues at most one message however often it is delivered. Sending happens after, in the sender.
 */
export async function queueMail(trx: Trx, event: DomainEvent, config: MailConfig): Promise<boolean> {
  const mail = await composeMail(trx, event, config);
  if (!mail) return false;
  return queueNotificationMail(trx, {
    event_id: event.id,
    kind: event.event,
    recipient: mail.recipient,
    locale: mail.locale,
    subject: mail.subject,
    text_body: mail.text,
    html_body: mail.html,
  });
}
