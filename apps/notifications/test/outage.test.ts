import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { insertOutboxRow } from '@greencommerce/db';
import { type DeadLetter, enqueueEvent, topics } from '@greencommerce/events';
import { infra, mailTo, waitForMail } from '@greencommerce/testing';
import { createMailer } from '../src/mailer';
import { refusingSmtp } from './smtp-stub';
import {
  createTestNotifications,
  DB_KINDS,
  mailRows,
  mailUser,
  orderData,
  startWorker,
  type TestNotifications,
  until,
} from './support';

const newGroup = () => `notifications-test-${crypto.randomUUID()}`;
const paid = (u: { id: number; email: string }, over: Record<string, unknown> = {}) => ({
  ...orderData(u.id, u.email, over),
  paymentId: 'pi_1',
  provider: 'test',
});

for (const kind of DB_KINDS) {
  describe(`failures on ${kind}`, () => {
    let t: TestNotifications;
    beforeAll(async () => {
      t = await createTestNotifications(`notif_outage_${kind}`, kind);
    });
    afterAll(async () => {
      // Whatever happened, the run's mail catcher is left running for the suites after this one.
      await infra('up', 'maildev');
      await t?.drop();
    });

    test('SMTP stopped during 50 events: all 50 are delivered once it returns, none twice', async () => {
      const users = await Promise.all(Array.from({ length: 50 }, () => mailUser(t.db)));
      const events: { id: string }[] = [];
      const w = startWorker(t.deps, newGroup(), { retryBaseMs: 100, retryMaxMs: 800 });
      try {
        for (const u of users.slice(0, 10)) events.push(await enqueueEvent(t.db, 'OrderPaid', paid(u)));
        await waitForMail(users.slice(0, 10).map((u) => u.email));
        expect(
          await until(async () =>
            (
              await mailRows(
                t.db,
                events.map((e) => e.id),
              )
            ).every((r) => r.status === 'sent'),
          ),
        ).toBe(true);
        await infra('down', 'maildev');
        for (const u of users.slice(10)) events.push(await enqueueEvent(t.db, 'OrderPaid', paid(u)));
        const later = events.slice(10).map((e) => e.id);
        // Every one of the 40 was tried against the stopped server and is waiting for its retry.
        const tried = await until(async () => {
          const rows = await mailRows(t.db, later);
          return rows.length === 40 && rows.every((r) => r.status === 'pending' && r.attempts >= 1);
        });
        expect(tried).toBe(true);
        expect((await mailRows(t.db, later))[0]!.last_error).toBeTruthy();
        await infra('up', 'maildev');
        const delivered = await waitForMail(
          users.map((u) => u.email),
          { timeoutMs: 60_000 },
        );
        expect([...delivered.values()].every((m) => m.length >= 1)).toBe(true);
        expect(await until(async () => (await mailRows(t.db, later)).every((r) => r.status === 'sent'))).toBe(true);
        await Bun.sleep(1500);
      } finally {
        await w.stop();
      }
      for (const u of users) expect(await mailTo(u.email)).toHaveLength(1);
    }, 180_000);

    test('a poison event is dead-lettered and the events around it are mailed', async () => {
      const [a, b, c] = await Promise.all([mailUser(t.db), mailUser(t.db), mailUser(t.db)]);
      const deadLetters: DeadLetter[] = [];
      const before = await enqueueEvent(t.db, 'OrderPaid', paid(a!));
      // A valid event no message can be written for: no such currency (Intl throws, every time).
      const poison = await enqueueEvent(t.db, 'OrderPaid', paid(b!, { currency: 'EURO!' }));
      // Not even JSON.
      await insertOutboxRow(t.db, {
        event_id: crypto.randomUUID(),
        topic: topics.OrderPaid,
        event_key: '1',
        payload: '{oops',
      });
      const after = await enqueueEvent(t.db, 'OrderPaid', paid(c!));
      const w = startWorker(t.deps, newGroup(), { deadLetters });
      try {
        await waitForMail([a!.email, c!.email]);
        expect(await until(async () => deadLetters.length >= 2)).toBe(true);
      } finally {
        await w.stop();
      }
      expect(deadLetters.map((d) => d.reason).sort()).toEqual(['handler-failed', 'invalid-json']);
      expect(deadLetters.find((d) => d.reason === 'handler-failed')!.error).toContain('RangeError');
      expect(await mailTo(b!.email)).toHaveLength(0);
      const rows = await mailRows(t.db, [before.id, poison.id, after.id]);
      expect(rows.map((r) => r.event_id).sort()).toEqual([before.id, after.id].sort());
    }, 60_000);

    test('a permanent rejection (550) is recorded with the answer and not tried again', async () => {
      const smtp = refusingSmtp(550);
      const mailer = createMailer(smtp.url, 2);
      const u = await mailUser(t.db);
      const event = await enqueueEvent(t.db, 'OrderPaid', paid(u));
      const w = startWorker(t.deps, newGroup(), { mailer, retryBaseMs: 50, retryMaxMs: 100 });
      try {
        expect(await until(async () => (await mailRows(t.db, [event.id]))[0]?.status === 'failed')).toBe(true);
        await Bun.sleep(1000);
      } finally {
        await w.stop();
        mailer.close();
        smtp.stop();
      }
      const [row] = await mailRows(t.db, [event.id]);
      expect(row!.attempts).toBe(1);
      expect(row!.last_error).toContain('550');
      expect(row!.html_body).toBeNull();
    }, 60_000);

    test('a temporary rejection (450) is retried with backoff until it goes through', async () => {
      const smtp = refusingSmtp(450);
      const mailer = createMailer(smtp.url, 2);
      const u = await mailUser(t.db);
      const event = await enqueueEvent(t.db, 'OrderPaid', paid(u));
      const w = startWorker(t.deps, newGroup(), { mailer, retryBaseMs: 50, retryMaxMs: 200 });
      try {
        expect(await until(async () => ((await mailRows(t.db, [event.id]))[0]?.attempts ?? 0) >= 3)).toBe(true);
      } finally {
        await w.stop();
        mailer.close();
        smtp.stop();
      }
      const [row] = await mailRows(t.db, [event.id]);
      expect(row!.status).toBe('pending');
      expect(row!.last_error).toContain('450');
      // The real server again: the same row goes out, once.
      const again = startWorker(t.deps, newGroup(), { retryBaseMs: 50, retryMaxMs: 200 });
      try {
        await waitForMail([u.email]);
        expect(await until(async () => (await mailRows(t.db, [event.id]))[0]?.status === 'sent')).toBe(true);
      } finally {
        await again.stop();
      }
      expect(await mailTo(u.email)).toHaveLength(1);
    }, 60_000);
  });
}
