import { findUserForUpdate, retriedTransaction } from '@greencommerce/db';
import { requestEmailVerification } from '@greencommerce/events';
import { AppError, type Principal } from '@greencommerce/http';
import type { AuthDeps } from '../deps';
import { countAttempt } from './attempt-limit';
import { clockOf } from './link-tokens';

/**
 * A new verification link for the signed-in account's current address (the earlier ones stop working),
 * limited per account: each one is a mail sent to an address that may not be the caller's.
 */
export async function resendVerification(deps: Pick<AuthDeps, 'db' | 'config' | 'clock'>, who: Principal) {
  const { verifyResendLimit, verifyResendWindowMs } = deps.config.limits;
  await countAttempt(
    deps.db,
    { scope: 'verify-resend:user', subject: String(who.userId) },
    { limit: verifyResendLimit, windowMs: verifyResendWindowMs, what: 'verification emails' },
  );
  const now = clockOf(deps);
  // The account's row is the lock its logins queue on too: a deadlock's victim was undone whole, and runs again.
  await retriedTransaction(deps.db, async (trx) => {
    const user = await findUserForUpdate(trx, who.userId);
    if (!user) throw new AppError('NOT_FOUND', 'User not found');
    if (user.email_verified) throw new AppError('CONFLICT', 'The email address is already verified');
    await requestEmailVerification(trx, user, 'resend', { now });
  });
}
