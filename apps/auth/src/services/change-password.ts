import type { ChangePasswordRequest } from '@greencommerce/contracts';
import { findUserById, revokeUserRefreshTokens, updateUser } from '@greencommerce/db';
import { AppError, type Principal } from '@greencommerce/http';
import type { z } from 'zod';
import type { AuthDeps } from '../deps';

type Input = z.output<typeof ChangePasswordRequest>;

/** Needs the current password; every refresh token of the user stops working. */
export async function changePassword(deps: Pick<AuthDeps, 'db' | 'hasher'>, who: Principal, input: Input) {
  const user = await findUserById(deps.db, who.userId);
  if (!user) throw new AppError('NOT_FOUND', 'User not found');
  if (!(await deps.hasher.verify(input.currentPassword, user.password))) {
    throw new AppError('FORBIDDEN', 'Current password is incorrect');
  }
  const hash = await deps.hasher.hash(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { password: hash });
    await revokeUserRefreshTokens(trx, user.id, new Date());
  });
}
