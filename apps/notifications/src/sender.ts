import {
  claimNotificationMail,
  type Db,
  dueNotificationMail,
  failNotificationMail,
  markNotificationMailSent,
  pruneNotificationMail,
  retryNotificationMailLater,
} from '@greencommerce/db';
import type { Logger } from '@greencommerce/http';
import { isPermanentSmtpFailure, type Mailer } from './mailer';

export type SenderOptions = {
  db: Db;
  mailer: Mailer;
  /** MAIL_FROM. */
  from: string;
  /** The right-hand side of every Message-ID: `<event id@domain>`. */
  messageIdDomain: string;
  logger: Pick<Logger, 'error' | 'warn'>;
  /** Messages looked at per round. */
  batchSize?: number;
  /**
   * Messages sent at once: the mailer's connections (NOTIFICATIONS_SEND_CONCURRENCY). A message is
   * claimed only when one of these is free, so its claim covers one SMTP attempt and not also its
   * wait behind others in the mailer's queue. Unset: batchSize.
   */
  sendSlots?: number;
  pollMs?: number;
  /** How long a claimed message is this sender's alone; longer than one SMTP attempt can take. */
  claimMs?: number;
  /** A failed attempt waits retryBaseMs, doubling per attempt up to retryMaxMs (±20%). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Sent and failed rows older than this are deleted, at most once an hour (NOTIFICATIONS_RETENTION_DAYS). */
  retentionMs?: number;
};

/** The Message-ID of an event's mail: the same on every attempt, so a receiver can spot a resend. */
export const messageIdFor = (eventId: string, domain: string) => `<${eventId}@${domain}>`;

export const retryDelayMs = (attempts: number, baseMs: number, maxMs: number) =>
  Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 30)) * (0.8 + Math.random() * 0.4);

/**
 * Sends queued mail. Each message is claimed first (one sender of any number wins it), sent with its
 * event's Message-ID, then marked sent. SMTP down or a 4xx: the message waits its own backoff and the
 * others go on. A 5xx: marked failed with the server's answer, never retried.
 *
 * At-least-once edge: if this process dies (or the database fails) after SMTP accepted a message and
 * before it is marked sent, the claim runs out and the message is sent again, with the same Message-ID,
 * which is how the receiving side can recognise it as the same message.
 */
export function startMailSender(opts: SenderOptions) {
  const {
    db,
    mailer,
    logger,
    batchSize = 20,
    pollMs = 100,
    claimMs = 120_000,
    retryBaseMs = 1000,
    retryMaxMs = 60_000,
    retentionMs = 30 * 86_400_000,
  } = opts;
  const sendSlots = Math.max(1, opts.sendSlots ?? batchSize);
  let prunedAt = 0;
  const holder = crypto.randomUUID();
  let running = true;
  let wake: (() => void) | undefined;

  const sendOne = async (eventId: string) => {
    const row = await claimNotificationMail(db, eventId, holder, claimMs);
    if (!row) return;
    try {
      await mailer.sendMail({
        from: opts.from,
        to: row.recipient,
        subject: row.subject,
        text: row.text_body ?? '',
        html: row.html_body ?? '',
        messageId: messageIdFor(row.event_id, opts.messageIdDomain),
        headers: { 'X-GreenCommerce-Event': row.kind },
      });
    } catch (err) {
      if (isPermanentSmtpFailure(err)) {
        logger.error({ eventId, kind: row.kind, err }, 'mail: rejected by the SMTP server, not retried');
        await failNotificationMail(db, eventId, holder, err);
      } else {
        const delay = retryDelayMs(row.attempts, retryBaseMs, retryMaxMs);
        logger.warn(
          { eventId, kind: row.kind, attempts: row.attempts + 1, retryInMs: Math.round(delay), err },
          'mail: not sent, will retry',
        );
        await retryNotificationMailLater(db, eventId, holder, delay, err);
      }
      return;
    }
    await markNotificationMailSent(db, eventId, holder);
  };

  // Any instance may prune: batches of 500 are short, and two instances deleting the same rows is harmless.
  const prune = async () => {
    if (Date.now() - prunedAt < 3_600_000) return;
    prunedAt = Date.now();
    const before = new Date(Date.now() - retentionMs);
    for (let i = 0; i < 20 && (await pruneNotificationMail(db, { before, limit: 500 })) === 500; i++);
  };

  /** One round: the due messages, sent together. True when there may be more due right away. */
  const round = async () => {
    await prune().catch((err) => logger.error({ err }, 'mail: pruning old rows failed, will run again'));
    const ids = await dueNotificationMail(db, batchSize);
    // Claimed one by one as a slot frees: claimed all at once, the last ones waited in the mailer's
    // queue behind the others, their claims ran out, and another sender sent them too.
    let next = 0;
    const slot = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        await sendOne(id).catch((err) => logger.error({ err }, 'mail: sender round failed'));
      }
    };
    await Promise.all(Array.from({ length: Math.min(sendSlots, ids.length) }, slot));
    return ids.length === batchSize;
  };

  const loop = (async () => {
    while (running) {
      let more = false;
      try {
        more = await round();
      } catch (err) {
        // The database is down: the messages stay queued, and the next round finds them.
        logger.error({ err }, 'mail: could not read the queue, will retry');
      }
      if (!more && running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, pollMs);
          function done() {
            clearTimeout(t);
            wake = undefined;
            resolve();
          }
          wake = done;
        });
      }
    }
  })();

  return {
    /** Looks at the queue now instead of at the next poll. */
    wake: () => wake?.(),
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
