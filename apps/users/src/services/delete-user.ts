import { deleteUser, findUserById } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import type { UsersDeps } from '../deps';

/**
 * Removes the user's images first (S3 down: 503 and the account stays whole), then, in one
 * transaction, the profile and credentials with a UserDeleted event. Refresh tokens go with the
 * row (ON DELETE CASCADE), so no session outlives the account.
 */
export async function deleteAccount(deps: UsersDeps, userId: number): Promise<void> {
  if (!(await findUserById(deps.db, userId))) throw new AppError('NOT_FOUND', 'User not found');
  for (const key of await deps.storage.list(`users/${userId}/`)) await deps.storage.delete(key);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await deleteUser(trx, userId))) throw new AppError('NOT_FOUND', 'User not found');
    await enqueueEvent(trx, 'UserDeleted', { userId });
  });
}
