import { type Db, insertUser } from '@greencommerce/db';
import { type DeadLetter, startConsumers } from '@greencommerce/events';
import { createLogger } from '@greencommerce/http';
import { createMysqlTestDb, createSqliteTestDb, TEST_SMTP_URL, type TestDb, uniqueEmail } from '@greencommerce/testing';
import { notificationsConsumers } from '../src/consumers';
import type { NotificationsDeps } from '../src/deps';
import { createMailer, type Mailer } from '../src/mailer';
import { startMailSender } from '../src/sender';

export type DbKind = 'mysql' | 'sqlite';
export const DB_KINDS: DbKind[] = ['mysql', 'sqlite'];
export const MESSAGE_ID_DOMAIN = 'greencommerce.test';
export const STOREFRONT_URL = 'http://shop.example.test';

export const silentLogger = () => createLogger('notifications', { level: 'silent' });

/** The notifications app's dependencies on its own MariaDB database or SQLite file, sending to the test maildev. */
export async function createTestNotifications(name: string, kind: DbKind, smtpUrl = TEST_SMTP_URL) {
  const t: TestDb = kind === 'mysql' ? await createMysqlTestDb(name) : await createSqliteTestDb();
  const mailer = createMailer(smtpUrl, 4);
  const deps: NotificationsDeps = {
    db: t.db,
    logger: silentLogger(),
    mailer,
    config: {
      storefrontUrl: STOREFRONT_URL,
      from: 'GreenCommerce <no-reply@greencommerce.test>',
      messageIdDomain: MESSAGE_ID_DOMAIN,
    },
  };
  return {
    deps,
    db: t.db,
    url: t.url,
    drop: async () => {
      mailer.close();
      await t.drop();
    },
  };
}

export type TestNotifications = Awaited<ReturnType<typeof createTestNotifications>>;

/**
 * One running worker, as main.ts starts it: the consumer loop (the outbox as the bus) and the sender,
 * with short waits. `group` is per test so each test's consumer reads the outbox from the start.
 */
export function startWorker(
  deps: NotificationsDeps,
  group: string,
  opts: {
    mailer?: Mailer;
    retryBaseMs?: number;
    retryMaxMs?: number;
    deadLetters?: DeadLetter[];
    /** Kafka as the bus (the test run's broker); the outbox table when unset. */
    brokers?: string[];
    retentionMs?: number;
  } = {},
) {
  const consumers = startConsumers({
    db: deps.db,
    brokers: opts.brokers ?? [],
    clientId: 'notifications-test',
    consumers: notificationsConsumers(deps.config, { maxAttempts: 3, backoffMs: 10 }, group),
    logger: { error: (fields) => void opts.deadLetters?.push(fields as unknown as DeadLetter) },
    pollMs: 20,
  });
  const sender = startMailSender({
    db: deps.db,
    mailer: opts.mailer ?? deps.mailer,
    from: deps.config.from,
    messageIdDomain: deps.config.messageIdDomain,
    logger: silentLogger(),
    pollMs: 20,
    retryBaseMs: opts.retryBaseMs ?? 100,
    retryMaxMs: opts.retryMaxMs ?? 1000,
    retentionMs: opts.retentionMs,
  });
  return {
    stop: async () => {
      await consumers.stop();
      await sender.stop();
    },
  };
}

/** A user row with the mail settings auth and users keep. */
export async function mailUser(
  db: Db,
  opts: { name?: string; locale?: 'es' | 'en'; optOut?: boolean; email?: string } = {},
) {
  const email = opts.email ?? uniqueEmail('mail');
  const id = await insertUser(db, {
    name: opts.name ?? 'Ana',
    last_name: 'Pérez',
    day_birth: 15,
    month_birth: 2,
    year_birth: 1990,
    gender: 'Mujer',
    phone_number: '0991234567',
    email,
    password: 'not-used-here',
    locale: opts.locale ?? 'es',
    marketing_opt_out: opts.optOut ?? false,
  });
  return { id, email };
}

/** What OrderPaid and the other order events carry. */
export const orderData = (userId: number, email: string | null, over: Record<string, unknown> = {}) => ({
  orderId: crypto.randomUUID(),
  userId,
  email,
  customerName: 'Ana Pérez',
  lines: [
    {
      productId: 1,
      slug: 'botella',
      name: 'Botella reutilizable',
      unitPriceMinor: 1250,
      quantity: 2,
      lineTotalMinor: 2500,
    },
    { productId: 2, slug: 'cepillo', name: 'Cepillo de bambú', unitPriceMinor: 399, quantity: 1, lineTotalMinor: 399 },
  ],
  currency: 'EUR',
  subtotalMinor: 2899,
  shippingMinor: 500,
  totalMinor: 3399,
  ...over,
});

export async function until(check: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await Bun.sleep(50);
  return check();
}

/** The queue's rows for some events. */
export const mailRows = (db: Db, eventIds: string[]) =>
  db.selectFrom('notification_mail').selectAll().where('event_id', 'in', eventIds).execute();
