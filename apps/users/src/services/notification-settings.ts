import type { NotificationSettings } from '@greencommerce/contracts';
import { findUserForUpdate, updateUser } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import type { UsersDeps } from '../deps';

/**
 * Turns non-essential mail on or off. The mailer reads the flag when it sends, so it holds for mail
 * already queued; verification, reset, password-change notices and receipts are sent regardless.
 */
export async function setNotificationSettings(
  deps: Pick<UsersDeps, 'db'>,
  userId: number,
  input: NotificationSettings,
): Promise<NotificationSettings> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await findUserForUpdate(trx, userId);
    if (!current) throw new AppError('NOT_FOUND', 'User not found');
    const optOut = !input.marketing;
    if (Boolean(current.marketing_opt_out) !== optOut) {
      await updateUser(trx, userId, { marketing_opt_out: optOut });
      await enqueueEvent(trx, 'UserUpdated', { userId, changedFields: ['notifications'] });
    }
    return { marketing: input.marketing };
  });
}
