import type { ChangePasswordRequest } from '@greencommerce/contracts';
import {
  findUserById,
  retriedTransaction,
  revokeUserRefreshTokens,
  supersedeAccountTokens,
  updateUser,
} from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError, type Principal } from '@greencommerce/http';
import type { z } from 'zod';
import type { AuthDeps } from '../deps';
import { limitedCheck } from './attempt-limit';

type Input = z.output<typeof ChangePasswordRequest>;

/**
 * Needs the current password, checked under the same failure limit as login (per user), so that a
 * stolen access token does not allow guessing it at hashing speed. Every refresh token stops working,
 * and so does every unused reset link (one requested by whoever else reads the mailbox would otherwise
 * undo the change for half an hour); PasswordChanged (a security notice to the address) is written with it.
 */
export async function changePassword(deps: Pick<AuthDeps, 'db' | 'hasher' | 'config'>, who: Principal, input: Input) {
  const { db, hasher, config } = deps;
  const user = await findUserById(db, who.userId);
  if (!user) throw new AppError('NOT_FOUND', 'User not found');
  const limit = {
    limit: config.limits.accountFailureLimit,
    windowMs: config.limits.accountWindowMs,
    what: 'password attempts',
  };
  const checked = await limitedCheck(db, { scope: 'password:user', subject: String(user.id) }, limit, async () =>
    (await hasher.verify(input.currentPassword, user.password)) ? user : null,
  );
  if (!checked) throw new AppError('FORBIDDEN', 'Current password is incorrect');
  const hash = await hasher.hash(input.newPassword);
  // The account's concurrent logins lock its row and its refresh tokens too: one this change loses
  // to as a deadlock's victim was undone whole, and runs again.
  await retriedTransaction(db, async (trx) => {
    const now = new Date();
    // The update locks the account's row first, as a reset request does: a link issued meanwhile is
    // either seen by the supersede or issued after the change. (A write first also keeps SQLite's
    // deferred transaction from reading a snapshot another process writes past.)
    await updateUser(trx, user.id, { password: hash });
    await revokeUserRefreshTokens(trx, user.id, now);
    await supersedeAccountTokens(trx, user.id, 'password_reset', now);
    await enqueueEvent(trx, 'PasswordChanged', {
      userId: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale === 'en' ? 'en' : 'es',
      reason: 'change',
    });
  });
}
