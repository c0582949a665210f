import { type Db, insertAccountToken, supersedeAccountTokens } from '@greencommerce/db';
import { enqueueEvent } from './outbox';
import type { EventData } from './schemas';

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom'>;

export const EMAIL_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;
export const PASSWORD_RESET_TTL_MS = 30 * 60 * 1000;

/** The account a link is mailed to, as the events name it. */
export type LinkRecipient = { id: number; email: string; name: string; locale: string };

/** SHA-256 (hex) of a link token: what the database keeps and looks up. */
export function hashLinkToken(token: string): string {
  return new Bun.CryptoHasher('sha256').update(token).digest('hex');
}

/** 256 random bits, base64url (43 characters), and the hash to store. */
export function newLinkToken(): { token: string; hash: string } {
  const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

const mailLocale = (locale: string) => (locale === 'en' ? 'en' : 'es');

/**
 * Issues a verification link for the account's current address and its EmailVerificationRequested event.
 * Call it with the transaction that makes the change (registration, email change), so the link exists
 * exactly when the change does. Earlier unused verification links of the account stop working.
 */
export async function requestEmailVerification(
  trx: Executor,
  user: LinkRecipient,
  reason: EventData<'EmailVerificationRequested'>['reason'],
  opts: { now?: Date; ttlMs?: number } = {},
) {
  const now = opts.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (opts.ttlMs ?? EMAIL_VERIFICATION_TTL_MS));
  const { token, hash } = newLinkToken();
  await supersedeAccountTokens(trx, user.id, 'verify_email', now);
  await insertAccountToken(trx, {
    id: crypto.randomUUID(),
    token_hash: hash,
    purpose: 'verify_email',
    user_id: user.id,
    email: user.email,
    expires_at: expiresAt,
  });
  return enqueueEvent(trx, 'EmailVerificationRequested', {
    userId: user.id,
    email: user.email,
    name: user.name,
    locale: mailLocale(user.locale),
    token,
    expiresAt: expiresAt.toISOString(),
    reason,
  });
}
