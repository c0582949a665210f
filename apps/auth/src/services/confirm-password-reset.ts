import type { PasswordResetConfirmRequest } from '@greencommerce/contracts';
import {
  markEmailVerified,
  retriedTransaction,
  revokeUserRefreshTokens,
  supersedeAccountTokens,
  updateUser,
} from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import type { z } from 'zod';
import type { AuthDeps } from '../deps';
import { clockOf, invalidLink, liveLinkToken, spendLink } from './link-tokens';

type Input = z.output<typeof PasswordResetConfirmRequest>;

/**
 * Sets a new password from a reset link. In one transaction: the link is spent (single use, before it
 * expires), the password replaced, every refresh token of the account revoked, the account's other reset
 * links superseded, and PasswordChanged written. Following a link mailed to the current address also
 * proves that address.
 */
export async function confirmPasswordReset(deps: Pick<AuthDeps, 'db' | 'hasher' | 'clock'>, input: Input) {
  const now = clockOf(deps);
  // Checked first so that a dead link costs no password hash.
  const row = await liveLinkToken(deps, input.token, 'password_reset', now);
  // Hashed before the transaction so that no connection is held while it runs.
  const hash = await deps.hasher.hash(input.password);
  // The account's concurrent logins lock its row and its refresh tokens too: a deadlock's victim was
  // undone whole (the link unspent), and runs again.
  const done = await retriedTransaction(deps.db, async (trx) => {
    const user = await spendLink(trx, row, now);
    if (!user) return false;
    await updateUser(trx, user.id, { password: hash });
    await revokeUserRefreshTokens(trx, user.id, now);
    await supersedeAccountTokens(trx, user.id, 'password_reset', now);
    if (!user.email_verified && user.email === row.email) await markEmailVerified(trx, user.id, row.email);
    await enqueueEvent(trx, 'PasswordChanged', {
      userId: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale === 'en' ? 'en' : 'es',
      reason: 'reset',
    });
    return true;
  });
  if (!done) throw invalidLink();
}
