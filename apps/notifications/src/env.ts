import { envBrokers, envInt, envIntOrUnset, envMs, envPort, host, httpUrl } from '@greencommerce/contracts/env-fields';
import { databaseEnv, dbKind } from '@greencommerce/db/env';
import { eventsEnv } from '@greencommerce/events/env';
import { logEnv, nodeEnv, parseEnv } from '@greencommerce/http/env';
import { z } from 'zod';

/** smtp:// or smtps://host[:port], optionally with user:password (never printed: parseEnv does not echo values). */
const smtpUrl = z.string().refine((s) => {
  const u = URL.parse(s);
  return !!u && /^smtps?:$/.test(u.protocol) && !!u.hostname;
}, 'must be smtp://[user:password@]host[:port] or smtps://...');

/** `Name <address>` or a bare address. */
const mailFrom = z
  .string()
  .regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'must be an address, or "Name <address>"');

const EnvSchema = z
  .object({
    ...nodeEnv,
    NOTIFICATIONS_HOST: host.default('127.0.0.1'),
    NOTIFICATIONS_PORT: envPort(8086),
    /** Processes sharing the port; only the first consumes and sends (the others answer health checks). */
    NOTIFICATIONS_WORKERS: envIntOrUnset(1, 64),
    ...databaseEnv,
    ...logEnv,
    KAFKA_BROKERS: envBrokers,
    ...eventsEnv,
    /** Where mail goes out: maildev's SMTP on embedded defaults (npm start, npm run infra:up). */
    SMTP_URL: smtpUrl.default('smtp://127.0.0.1:1025'),
    MAIL_FROM: mailFrom.default('GreenCommerce <no-reply@greencommerce.local>'),
    /** The web pages the links in mail open: /verify-email, /reset-password, /pedidos. */
    STOREFRONT_URL: httpUrl.default('http://127.0.0.1:3000'),
    /** SMTP connections at once, and messages claimed per round. */
    NOTIFICATIONS_SEND_CONCURRENCY: envInt(4, 1, 100),
    NOTIFICATIONS_POLL_MS: envMs(100),
    /** A failed send waits this long, doubling per attempt up to NOTIFICATIONS_RETRY_MAX_MS. */
    NOTIFICATIONS_RETRY_BASE_MS: envMs(1000),
    NOTIFICATIONS_RETRY_MAX_MS: envMs(60_000),
    /** Sent and failed mail rows (no bodies, only who, what and when) are deleted after this. */
    NOTIFICATIONS_RETENTION_DAYS: envInt(30, 1, 3650),
    /** Tries of a handler (rendering a message) before its event is dead-lettered. */
    CONSUMER_MAX_ATTEMPTS: envInt(5, 1, 100),
  })
  .transform((e) => ({
    ...e,
    NOTIFICATIONS_WORKERS: e.NOTIFICATIONS_WORKERS ?? (dbKind(e.DATABASE_URL) === 'sqlite' ? 1 : 2),
    /** Message-IDs end in the sender's own domain. */
    MESSAGE_ID_DOMAIN: (/@([^\s<>@]+)>?$/.exec(e.MAIL_FROM)?.[1] ?? 'greencommerce.local').toLowerCase(),
  }));

export type NotificationsEnv = z.output<typeof EnvSchema>;
export const loadEnv = (source?: Record<string, string | undefined>) => parseEnv(EnvSchema, source);
