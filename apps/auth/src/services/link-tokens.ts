import {
  type AccountTokenPurpose,
  type AccountTokenRow,
  findAccountTokenByHash,
  findUserForUpdate,
  isMysql,
  spendAccountToken,
  type Trx,
  toDate,
} from '@greencommerce/db';
import { hashLinkToken } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import type { AuthDeps } from '../deps';

/** One answer for an unknown, spent, superseded or expired link: which it was helps nobody but a guesser. */
export const invalidLink = () => new AppError('BAD_REQUEST', 'This link is invalid or has expired');

export const clockOf = (deps: Pick<AuthDeps, 'clock'>): Date => deps.clock?.() ?? new Date();

/**
 * The live token row a link names, or invalidLink. Only a pre-check, to spare work (a password hash)
 * for dead links: the spend inside the transaction is what makes a token single-use.
 */
export async function liveLinkToken(
  deps: Pick<AuthDeps, 'db'>,
  token: string,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<AccountTokenRow & { user_id: number }> {
  const row = await findAccountTokenByHash(deps.db, hashLinkToken(token), purpose);
  if (!row || row.user_id === null || row.used_at || toDate(row.expires_at).getTime() <= now.getTime())
    throw invalidLink();
  return { ...row, user_id: row.user_id };
}

/**
 * Spends a link's token and returns its account, locked; undefined when the token was already spent or
 * expired (another use won) or the account is gone. On MySQL the account's row is locked before the
 * token's, the order every other writer of an account's tokens takes (resend, email change, reset
 * request, password change): the other order deadlocked with them, a 500 for one of the two. SQLite
 * writes one transaction at a time, and its deferred transaction wants a write first.
 */
export async function spendLink(trx: Trx, row: AccountTokenRow & { user_id: number }, now: Date) {
  const mysql = isMysql(trx);
  const locked = mysql ? await findUserForUpdate(trx, row.user_id) : undefined;
  if (mysql && !locked) return undefined;
  if (!(await spendAccountToken(trx, row.id, now))) return undefined;
  return locked ?? (await findUserForUpdate(trx, row.user_id));
}
