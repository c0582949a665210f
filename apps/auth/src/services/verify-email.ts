import { markEmailVerified, retriedTransaction } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import type { AuthDeps } from '../deps';
import { clockOf, invalidLink, liveLinkToken, spendLink } from './link-tokens';

/**
 * Spends a verification link and marks the address it was sent to proven, in one transaction. A link
 * for an address the account no longer has verifies nothing (and is spent). Access tokens say so from
 * the next login or refresh.
 */
export async function verifyEmail(deps: Pick<AuthDeps, 'db' | 'clock'>, token: string): Promise<void> {
  const now = clockOf(deps);
  const row = await liveLinkToken(deps, token, 'verify_email', now);
  // The account's concurrent logins lock its row too: a deadlock's victim was undone whole (the link
  // unspent), and runs again.
  const verified = await retriedTransaction(deps.db, async (trx) => {
    const user = await spendLink(trx, row, now);
    if (!user || user.email !== row.email) return false;
    if (user.email_verified) return true;
    await markEmailVerified(trx, user.id, row.email);
    await enqueueEvent(trx, 'UserUpdated', { userId: user.id, changedFields: ['emailVerified'] });
    return true;
  });
  if (!verified) throw invalidLink();
}
