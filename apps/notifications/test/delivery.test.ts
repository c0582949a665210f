import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { queueNotificationMail } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { mailHeader, mailTo, uniqueEmail, waitForMail } from '@greencommerce/testing';
import { messageIdFor } from '../src/sender';
import {
  createTestNotifications,
  DB_KINDS,
  MESSAGE_ID_DOMAIN,
  mailRows,
  mailUser,
  orderData,
  STOREFRONT_URL,
  startWorker,
  type TestNotifications,
  until,
} from './support';

const newGroup = () => `notifications-test-${crypto.randomUUID()}`;
/** Long enough for a duplicate to arrive if one were coming: sender polls every 20 ms. */
const settle = () => Bun.sleep(1500);

for (const kind of DB_KINDS) {
  describe(`mail for events on ${kind}`, () => {
    let t: TestNotifications;
    beforeAll(async () => {
      t = await createTestNotifications(`notif_delivery_${kind}`, kind);
    });
    afterAll(async () => {
      await t?.drop();
    });

    test('each event is one email, with its event id as Message-ID, through redelivery, a restart and two workers', async () => {
      const users = await Promise.all(Array.from({ length: 20 }, () => mailUser(t.db)));
      const events = [];
      for (const u of users)
        events.push(
          await enqueueEvent(t.db, 'OrderPaid', { ...orderData(u.id, u.email), paymentId: 'pi_1', provider: 'test' }),
        );
      const group = newGroup();
      // Two workers on one database and group, as two instances of the service would be.
      let a = startWorker(t.deps, group);
      const b = startWorker(t.deps, group);
      try {
        await waitForMail(
          users.map((u) => u.email),
          { count: 1 },
        );
        // A restart rereads the outbox from the start: every event is delivered again.
        await a.stop();
        a = startWorker(t.deps, group);
        await settle();
      } finally {
        await a.stop();
        await b.stop();
      }
      for (const [i, u] of users.entries()) {
        const mail = await mailTo(u.email);
        expect(mail).toHaveLength(1);
        expect(mailHeader(mail[0]!, 'message-id')).toBe(messageIdFor(events[i]!.id, MESSAGE_ID_DOMAIN));
      }
      const rows = await mailRows(
        t.db,
        events.map((e) => e.id),
      );
      expect(rows.map((r) => r.status)).toEqual(Array(20).fill('sent'));
      // Sent messages keep no body (a link token must not outlive its delivery in this table).
      expect(rows.every((r) => r.text_body === null && r.html_body === null)).toBe(true);
    }, 90_000);

    test('the receipt lists every line and the totals, in Spanish by default and in English for an English account', async () => {
      const es = await mailUser(t.db);
      const en = await mailUser(t.db, { locale: 'en', name: 'Jane' });
      const paid = (u: { id: number; email: string }) =>
        enqueueEvent(t.db, 'OrderPaid', { ...orderData(u.id, u.email), paymentId: 'pi_1', provider: 'test' });
      await paid(es);
      await paid(en);
      const w = startWorker(t.deps, newGroup());
      try {
        await waitForMail([es.email, en.email]);
      } finally {
        await w.stop();
      }
      const [spanish] = await mailTo(es.email);
      const [english] = await mailTo(en.email);
      expect(spanish!.subject).toStartWith('Recibo de tu pedido');
      for (const s of [
        'Botella reutilizable',
        'Cepillo de bambú',
        '12,50',
        '25,00',
        '3,99',
        '28,99',
        '5,00',
        '33,99',
        'Envío',
      ]) {
        expect(spanish!.text).toContain(s);
        expect(spanish!.html).toContain(s);
      }
      expect(english!.subject).toStartWith('Receipt for your order');
      for (const s of ['Hi Ana Pérez,', '€12.50', '€33.99', 'Shipping', `${STOREFRONT_URL}/pedidos`])
        expect(english!.text).toContain(s);
      expect(english!.html).toContain('€33.99');
    }, 60_000);

    test('the opt-out stops the non-essential mail only: receipts and refunds still go, the photo and cancellation notices do not', async () => {
      const u = await mailUser(t.db, { optOut: true });
      const order = orderData(u.id, u.email);
      const photo = await enqueueEvent(t.db, 'ImageUploaded', {
        userId: u.id,
        imageUrl: 'https://img.example.com/a.webp',
        key: 'a.webp',
        contentType: 'image/webp',
        size: 100,
      });
      const cancelled = await enqueueEvent(t.db, 'OrderCancelled', { ...orderData(u.id, u.email), by: 'customer' });
      const expired = await enqueueEvent(t.db, 'OrderExpired', orderData(u.id, u.email));
      const paid = await enqueueEvent(t.db, 'OrderPaid', { ...order, paymentId: 'pi_1', provider: 'test' });
      const refunded = await enqueueEvent(t.db, 'OrderRefunded', {
        ...order,
        refundId: 're_1',
        amountMinor: 1000,
        refundedMinor: 1000,
        full: false,
      });
      const w = startWorker(t.deps, newGroup());
      try {
        await waitForMail([u.email], { count: 2 });
        await settle();
      } finally {
        await w.stop();
      }
      const subjects = (await mailTo(u.email)).map((m) => m.subject).sort();
      expect(subjects).toEqual([`Recibo de tu pedido ${order.orderId}`, 'Tu reembolso está en camino']);
      const queued = await mailRows(t.db, [photo.id, cancelled.id, expired.id, paid.id, refunded.id]);
      expect(queued.map((r) => r.event_id).sort()).toEqual([paid.id, refunded.id].sort());
    }, 60_000);

    test('without the opt-out every notice goes, each in the account language', async () => {
      const en = await mailUser(t.db, { locale: 'en' });
      const es = await mailUser(t.db);
      for (const u of [en, es]) {
        await enqueueEvent(t.db, 'ImageUploaded', {
          userId: u.id,
          imageUrl: 'https://img.example.com/p.webp',
          key: 'p.webp',
          contentType: 'image/webp',
          size: 100,
        });
        await enqueueEvent(t.db, 'OrderCancelled', { ...orderData(u.id, u.email), by: 'admin' });
        await enqueueEvent(t.db, 'OrderExpired', orderData(u.id, u.email));
      }
      const w = startWorker(t.deps, newGroup());
      try {
        await waitForMail([en.email, es.email], { count: 3 });
      } finally {
        await w.stop();
      }
      expect((await mailTo(en.email)).map((m) => m.subject).sort()).toEqual([
        'Your order expired',
        'Your order was cancelled',
        'Your profile photo was updated',
      ]);
      const spanish = await mailTo(es.email);
      expect(spanish.map((m) => m.subject).sort()).toEqual([
        'Tu foto de perfil se actualizó',
        'Tu pedido caducó',
        'Tu pedido fue cancelado',
      ]);
      const photo = spanish.find((m) => m.subject === 'Tu foto de perfil se actualizó')!;
      expect(photo.html).toContain('<img src="https://img.example.com/p.webp"');
      expect(photo.text).toContain('https://img.example.com/p.webp');
    }, 60_000);

    test('names, product names and image URLs from users are escaped in the HTML part', async () => {
      const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp;'`;
      const u = await mailUser(t.db, { name: hostile });
      await enqueueEvent(t.db, 'ImageUploaded', {
        userId: u.id,
        imageUrl: 'javascript:alert(3)',
        key: 'x',
        contentType: 'image/webp',
        size: 1,
      });
      const order = orderData(u.id, u.email, { customerName: hostile });
      order.lines[0]!.name = `</td></tr></table><script>alert(4)</script>`;
      await enqueueEvent(t.db, 'OrderPaid', { ...order, paymentId: null, provider: 'test' });
      const w = startWorker(t.deps, newGroup());
      try {
        await waitForMail([u.email], { count: 2 });
      } finally {
        await w.stop();
      }
      const mail = await mailTo(u.email);
      expect(mail).toHaveLength(2);
      for (const m of mail) {
        expect(m.html).not.toContain('<script');
        expect(m.html).not.toContain('onerror=alert(2)>');
        expect(m.html).not.toContain('javascript:');
        expect(m.html).toContain(
          '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;&#39;',
        );
        // The plain-text part shows the name as typed.
        expect(m.text).toContain(hostile);
      }
      expect(mail.find((m) => m.subject.startsWith('Recibo'))!.html).toContain(
        '&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;',
      );
    }, 60_000);

    test('sent and failed rows older than the retention are deleted; pending mail and recent rows stay', async () => {
      const ids = { oldSent: '', oldFailed: '', oldPending: '', recentSent: '' };
      const longAgo = new Date(Date.now() - 40 * 86_400_000);
      for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
        ids[key] = crypto.randomUUID();
        await queueNotificationMail(t.db, {
          event_id: ids[key],
          kind: 'OrderPaid',
          recipient: uniqueEmail('prune'),
          locale: 'es',
          subject: 's',
          text_body: 't',
          html_body: 'h',
        });
      }
      const set = (id: string, status: 'sent' | 'failed' | 'pending', old: boolean) =>
        t.db
          .updateTable('notification_mail')
          // A pending row due far in the future: the sender leaves it alone during the test.
          .set({ status, next_attempt_at: Date.now() + 86_400_000, ...(old ? { created_at: longAgo } : {}) })
          .where('event_id', '=', id)
          .execute();
      await set(ids.oldSent, 'sent', true);
      await set(ids.oldFailed, 'failed', true);
      await set(ids.oldPending, 'pending', true);
      await set(ids.recentSent, 'sent', false);
      const w = startWorker(t.deps, newGroup(), { retentionMs: 30 * 86_400_000 });
      try {
        expect(await until(async () => (await mailRows(t.db, [ids.oldSent, ids.oldFailed])).length === 0)).toBe(true);
      } finally {
        await w.stop();
      }
      const left = await mailRows(t.db, Object.values(ids));
      expect(left.map((r) => r.event_id).sort()).toEqual([ids.oldPending, ids.recentSent].sort());
    }, 60_000);

    test('an order event for an erased customer (no account, no address) sends nothing; one with the address still goes', async () => {
      const gone = await enqueueEvent(t.db, 'OrderPaid', {
        ...orderData(999_999_999, null),
        paymentId: null,
        provider: 'test',
      });
      const address = uniqueEmail('guest');
      const kept = await enqueueEvent(t.db, 'OrderPaid', {
        ...orderData(999_999_998, address),
        paymentId: null,
        provider: 'test',
      });
      const w = startWorker(t.deps, newGroup());
      try {
        await waitForMail([address]);
        expect(await until(async () => (await mailRows(t.db, [kept.id]))[0]?.status === 'sent')).toBe(true);
      } finally {
        await w.stop();
      }
      expect(await mailRows(t.db, [gone.id])).toHaveLength(0);
      expect((await mailTo(address))[0]!.subject).toStartWith('Recibo');
    }, 60_000);
  });
}
