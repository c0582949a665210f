import { birthDateIssue, type UserInfo, type UserProfileChanges } from '@greencommerce/contracts';
import {
  findUserById,
  findUserForUpdate,
  isUniqueViolation,
  retriedTransaction,
  supersedeAccountTokens,
  takeRateLimitSlot,
  type UserUpdate,
  updateUser,
} from '@greencommerce/db';
import { enqueueEvent, requestEmailVerification } from '@greencommerce/events';
import { AppError, tooMany } from '@greencommerce/http';
import type { UsersDeps } from '../deps';
import { toUserInfo } from './user-info';

const columns = {
  name: 'name',
  lastName: 'last_name',
  dayBirth: 'day_birth',
  monthBirth: 'month_birth',
  yearBirth: 'year_birth',
  gender: 'gender',
  phoneNumber: 'phone_number',
  email: 'email',
  shippingAddress: 'shipping_address',
} as const satisfies Record<keyof UserProfileChanges, keyof UserUpdate>;

/**
 * Applies the fields that changed, with registration's rules, and records UserUpdated with them.
 * A new email address is unverified: a verification link goes to it, and the account's earlier
 * verification and reset links (mailed to the old address) stop working, all in the same transaction.
 */
export async function updateProfile(deps: UsersDeps, userId: number, input: UserProfileChanges): Promise<UserInfo> {
  if (input.email !== undefined) await countEmailChange(deps, userId, input.email);
  try {
    // Two accounts moving to the same address (or one's old address) take locks in the users' email
    // index in opposite orders: InnoDB picks one as a deadlock's victim, undone whole, which runs again.
    const row = await retriedTransaction(deps.db, async (trx) => {
      const current = await findUserForUpdate(trx, userId);
      if (!current) throw new AppError('NOT_FOUND', 'User not found');
      const changes: UserUpdate = {};
      const changed: string[] = [];
      for (const [field, column] of Object.entries(columns) as [keyof UserProfileChanges, keyof UserUpdate][]) {
        const value = input[field];
        if (value !== undefined && value !== current[column]) {
          Object.assign(changes, { [column]: value });
          changed.push(field);
        }
      }
      // A partial change (say, only the month) must still make a real date with the stored parts.
      const issue = birthDateIssue(
        changes.day_birth ?? current.day_birth,
        changes.month_birth ?? current.month_birth,
        changes.year_birth ?? current.year_birth,
      );
      if (issue) throw new AppError('VALIDATION_FAILED', 'Request body is invalid', [issue]);
      if (changed.length === 0) return current;
      const newEmail = changes.email;
      if (newEmail !== undefined) {
        changes.email_verified = false;
        if (current.email_verified) changed.push('emailVerified');
      }
      await updateUser(trx, userId, changes);
      await enqueueEvent(trx, 'UserUpdated', { userId, changedFields: changed });
      if (newEmail !== undefined) {
        await supersedeAccountTokens(trx, userId, 'password_reset', new Date());
        await requestEmailVerification(trx, { ...current, ...changes, email: newEmail }, 'email_changed');
      }
      return (await findUserById(trx, userId)) ?? current;
    });
    return toUserInfo(deps, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', 'An account with this email already exists');
    throw err;
  }
}

/**
 * Each email change mails a verification link to an address the caller chose (and holds that address
 * for the account): limited per account, as resending a link is, so one account cannot make the shop
 * mail any number of strangers. Only a real change counts; the form sent back with the same address
 * does not.
 */
async function countEmailChange(deps: UsersDeps, userId: number, email: string) {
  const current = await findUserById(deps.db, userId);
  if (!current || current.email === email) return;
  const { emailChangeLimit = 5, emailChangeWindowMs = 3_600_000 } = deps.config;
  const bucket = { scope: 'email-change:user', subject: String(userId) };
  if (!(await takeRateLimitSlot(deps.db, bucket, emailChangeLimit, emailChangeWindowMs)))
    throw tooMany('email changes', emailChangeWindowMs);
}
