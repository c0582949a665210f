import { type AccountTokenPurpose, type AccountTokenRow, findAccountTokenByHash, toDate } from '@greencommerce/db';
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
