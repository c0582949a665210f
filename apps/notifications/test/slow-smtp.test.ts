import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { queueNotificationMail } from '@greencommerce/db';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import type { Mailer } from '../src/mailer';
import { startMailSender } from '../src/sender';

/**
 * A pooled SMTP client with one connection, as nodemailer's pool is: messages wait their turn, and
 * each takes `sendMs` once it has the connection. What it sent is recorded by Message-ID.
 */
function oneConnectionMailer(sent: string[], sendMs: number): Mailer {
  let line = Promise.resolve();
  return {
    sendMail(m) {
      const turn = line.then(async () => {
        await Bun.sleep(sendMs);
        sent.push(m.messageId);
      });
      line = turn.catch(() => {});
      return turn;
    },
    verify: async () => true,
    close() {},
  };
}

const silent = { error() {}, warn() {} };

// A slow SMTP server (each message 100 ms) and two senders: every message claimed by one sender must be
// sent by it alone. Claiming a whole batch at once left the last ones waiting in the mailer's queue
// until their claims ran out (1 s here; 16 messages take 1.6 s), and the other sender sent them too.
describe.each(['mariadb', 'sqlite'] as const)('two senders and a slow SMTP server, on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = dialect === 'sqlite' ? await createSqliteTestDb() : await createMysqlTestDb('notifications_slow_smtp');
  });
  afterAll(async () => {
    await t.drop();
  });

  test('sixteen messages are each sent once', async () => {
    const ids = Array.from({ length: 16 }, () => crypto.randomUUID());
    for (const id of ids)
      await queueNotificationMail(t.db, {
        event_id: id,
        kind: 'OrderPaid',
        recipient: 'someone@example.com',
        locale: 'es',
        subject: 's',
        text_body: 't',
        html_body: 'h',
      });
    const sent: string[] = [];
    const start = (mailer: Mailer) =>
      startMailSender({
        db: t.db,
        mailer,
        from: 'shop@example.com',
        messageIdDomain: 'test',
        logger: silent,
        batchSize: 16,
        sendSlots: 1,
        pollMs: 20,
        claimMs: 1000,
      });
    const a = start(oneConnectionMailer(sent, 100));
    const b = start(oneConnectionMailer(sent, 100));
    try {
      for (let i = 0; i < 600; i++) {
        const left = await t.db
          .selectFrom('notification_mail')
          .select('event_id')
          .where('status', '=', 'pending')
          .execute();
        if (left.length === 0) break;
        await Bun.sleep(50);
      }
      // Long enough for any message still queued in a mailer to go out.
      await Bun.sleep(2000);
    } finally {
      await a.stop();
      await b.stop();
    }
    const counts = new Map<string, number>();
    for (const id of sent) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(counts.size).toBe(16);
  }, 60_000);
});
