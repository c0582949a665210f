import type { ChangePasswordRequest } from '@greencommerce/contracts';
import { findUserById, revokeUserRefreshTokens, updateUser } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError, type Principal } from '@greencommerce/http';
import type { z } from 'zod';
import type { AuthDeps } from '../deps';
import { limitedCheck } from './attempt-limit';

type Input = z.output<typeof ChangePasswordRequest>;

/**
 * Needs the current password, checked under the same failure limit as login (per user), so that a
 * stolen access token does not allow guessing it at hashing speed. Every refresh token stops working,
 * and PasswordChanged (a security notice to the address) is written with the change.
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
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { password: hash });
    await revokeUserRefreshTokens(trx, user.id, new Date());
    await enqueueEvent(trx, 'PasswordChanged', {
      userId: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale === 'en' ? 'en' : 'es',
      reason: 'change',
    });
  });
}
