import {
  findUserByEmail,
  findUserForUpdate,
  insertAccountToken,
  retriedTransaction,
  supersedeAccountTokens,
} from '@greencommerce/db';
import { enqueueEvent, newLinkToken, PASSWORD_RESET_TTL_MS } from '@greencommerce/events';
import type { AuthDeps } from '../deps';
import { countAttempt } from './attempt-limit';
import { ipSubject } from './ip-subject';
import { clockOf } from './link-tokens';

/**
 * Mails a reset link if the address has an account; the caller learns nothing either way. Both paths run
 * the same statements (the limits, the lookup, a transaction superseding earlier links and inserting a
 * token row: for an unknown address a decoy no link names, with no user); only the account's path adds
 * its PasswordResetRequested to the outbox. Limited per client IP and per account (by id when the
 * address has one, so the collation's many spellings of one address share a budget), so it cannot
 * be used to flood a mailbox.
 */
export async function requestPasswordReset(
  deps: Pick<AuthDeps, 'db' | 'config' | 'clock'>,
  email: string,
  ip: string,
): Promise<void> {
  const { db, config } = deps;
  const { resetIpLimit, resetIpWindowMs, resetEmailLimit, resetEmailWindowMs } = config.limits;
  const what = 'password reset requests';
  await countAttempt(
    db,
    { scope: 'reset:ip', subject: ipSubject(ip) },
    { limit: resetIpLimit, windowMs: resetIpWindowMs, what },
  );
  const user = await findUserByEmail(db, email);
  await countAttempt(
    db,
    { scope: 'reset:account', subject: user ? `user:${user.id}` : `email:${email}` },
    { limit: resetEmailLimit, windowMs: resetEmailWindowMs, what },
  );
  const now = clockOf(deps);
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
  const { token, hash } = newLinkToken();
  // Read committed on MySQL: under repeatable read the supersede's search locks the index gap where
  // the new row goes, so two requests at once (one account's, or any two decoys') each waited for the
  // other's insert: a deadlock, a 500 that also told which addresses have accounts. The account's row
  // is locked first, so one account's requests take turns and each supersedes the one before it.
  // The account's row is the lock every reset and every login of the account queue on: MariaDB picks a
  // deadlock victim among them now and then, undone whole, which runs again.
  await retriedTransaction(
    db,
    async (trx) => {
      await findUserForUpdate(trx, user?.id ?? 0);
      await supersedeAccountTokens(trx, user?.id ?? 0, 'password_reset', now);
      await insertAccountToken(trx, {
        id: crypto.randomUUID(),
        token_hash: hash,
        purpose: 'password_reset',
        user_id: user?.id ?? null,
        // The decoy keeps no stranger's address.
        email: user?.email ?? '',
        expires_at: expiresAt,
      });
      if (!user) return;
      await enqueueEvent(trx, 'PasswordResetRequested', {
        userId: user.id,
        email: user.email,
        name: user.name,
        locale: user.locale === 'en' ? 'en' : 'es',
        token,
        expiresAt: expiresAt.toISOString(),
      });
    },
    { readCommitted: true },
  );
}
