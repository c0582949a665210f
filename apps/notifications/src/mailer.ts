import type * as Nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

/** What the sender needs of an SMTP client (nodemailer's transporter has it). */
export type Mailer = {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    messageId: string;
    headers?: Record<string, string>;
  }): Promise<unknown>;
  verify(): Promise<unknown>;
  close(): void;
};

/**
 * A pooled SMTP client for SMTP_URL. The timeouts bound one attempt well inside a sender's claim on a
 * message (NOTIFICATIONS_CLAIM_SECONDS), so no second sender takes a message still being sent.
 * nodemailer (~80 ms to load) is loaded by the first message or readiness check, not by the start.
 */
export function createMailer(url: string, maxConnections: number): Mailer {
  const options: SMTPPool.Options & { url: string } = {
    url,
    pool: true,
    maxConnections,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  let transport: Mailer | undefined;
  const pool = () => {
    transport ??= (require('nodemailer') as typeof Nodemailer).createTransport(options);
    return transport;
  };
  return {
    sendMail: (message) => pool().sendMail(message),
    verify: () => pool().verify(),
    close: () => transport?.close(),
  };
}

/**
 * A permanent failure: the server answered 5xx (a rejected recipient or message), or the message has no
 * deliverable recipient at all. Anything else (no connection, a timeout, a 4xx) may pass: tried again.
 */
export function isPermanentSmtpFailure(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string } | null;
  if (!e) return false;
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 && e.responseCode < 600;
  return e.code === 'EENVELOPE';
}
