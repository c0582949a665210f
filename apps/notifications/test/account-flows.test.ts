import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { findUserByEmail } from '@greencommerce/db';
import {
  type DeliveredMail,
  mailTo,
  registration,
  type Service,
  signingKey,
  startService,
  uniqueEmail,
  waitForMail,
} from '@greencommerce/testing';
import { createTestNotifications, DB_KINDS, STOREFRONT_URL, startWorker, type TestNotifications } from './support';

// The account side as a client meets it: the real auth process registers and asks for links, this
// app's worker mails them through the run's maildev, and the test follows the link's token back to auth.
const PASSWORD = 'correct horse battery';

/** The token of the one link to `page` in a message, as the storefront page would read it. */
function linkToken(mail: DeliveredMail, page: 'verify-email' | 'reset-password'): string {
  const links = [...(mail.text ?? '').matchAll(/https?:\/\/\S+/g)].map((m) => new URL(m[0]));
  const link = links.find((u) => u.pathname === `/${page}`);
  expect(link?.origin).toBe(new URL(STOREFRONT_URL).origin);
  // The HTML part's button goes to the same place.
  expect(mail.html).toContain(`href="${link!.href}"`);
  return link!.searchParams.get('token')!;
}

for (const kind of DB_KINDS) {
  describe(`verification and reset mail with the auth service on ${kind}`, () => {
    let t: TestNotifications;
    let auth: Service;
    let worker: { stop(): Promise<void> };
    beforeAll(async () => {
      t = await createTestNotifications(`notif_account_${kind}`, kind);
      auth = await startService('auth', {
        NODE_ENV: 'test',
        AUTH_WORKERS: '1',
        DATABASE_URL: t.url,
        JWT_PRIVATE_KEYS: JSON.stringify([await signingKey()]),
      });
      worker = startWorker(t.deps, `notifications-test-${crypto.randomUUID()}`);
    }, 60_000);
    afterAll(async () => {
      await worker?.stop();
      auth?.proc.kill();
      await auth?.proc.exited;
      await t?.drop();
    });

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${auth.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    test('register → one welcome email whose link verifies the address, once', async () => {
      const email = uniqueEmail('verify');
      expect((await post('/auth/register', registration(email))).status).toBe(201);
      await waitForMail([email]);
      await Bun.sleep(1000);
      const mail = await mailTo(email);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.subject).toBe('Bienvenida a GreenCommerce: confirma tu correo');
      const token = linkToken(mail[0]!, 'verify-email');
      expect(!!(await findUserByEmail(t.db, email))?.email_verified).toBe(false);
      expect((await post('/auth/verify-email', { token })).status).toBe(200);
      expect(!!(await findUserByEmail(t.db, email))?.email_verified).toBe(true);
      // Single use.
      expect((await post('/auth/verify-email', { token })).status).toBeGreaterThanOrEqual(400);
    }, 60_000);

    test('an English browser at registration gets the English welcome', async () => {
      const email = uniqueEmail('verify-en');
      const res = await post('/auth/register', registration(email), { 'accept-language': 'en-GB,en;q=0.9,es;q=0.5' });
      expect(res.status).toBe(201);
      const [mail] = (await waitForMail([email])).get(email)!;
      expect(mail!.subject).toBe('Welcome to GreenCommerce: confirm your email');
      expect(mail!.text).toContain('Hi Ana,');
    }, 60_000);

    test('a reset for an unknown address: 202 and no email; for a known one: the link sets the new password and a notice follows', async () => {
      const nobody = uniqueEmail('nobody');
      expect((await post('/auth/password-reset', { email: nobody })).status).toBe(202);

      const email = uniqueEmail('reset');
      expect((await post('/auth/register', registration(email))).status).toBe(201);
      await waitForMail([email]);
      expect((await post('/auth/password-reset', { email })).status).toBe(202);
      const mail = (await waitForMail([email], { count: 2 })).get(email)!;
      const reset = mail.find((m) => m.subject === 'Restablece tu contraseña');
      expect(reset).toBeDefined();
      const token = linkToken(reset!, 'reset-password');
      const next = 'a brand new passphrase';
      expect((await post('/auth/password-reset/confirm', { token, password: next })).status).toBe(200);
      expect((await post('/auth/login', { email, password: PASSWORD })).status).toBe(401);
      expect((await post('/auth/login', { email, password: next })).status).toBe(200);
      const all = (await waitForMail([email], { count: 3 })).get(email)!;
      expect(all.map((m) => m.subject)).toContain('Tu contraseña cambió');

      // By now the unknown address would have had its mail: it has none.
      expect(await mailTo(nobody)).toHaveLength(0);
      const queued = await t.db
        .selectFrom('notification_mail')
        .select('event_id')
        .where('recipient', '=', nobody)
        .execute();
      expect(queued).toHaveLength(0);
    }, 90_000);
  });
}
