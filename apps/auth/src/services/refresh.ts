import { type TokenResponse, tokenRoles } from '@greencommerce/contracts';
import {
  findRefreshTokenByHash,
  findUserById,
  retriedTransaction,
  revokeRefreshFamily,
  spendRefreshToken,
  toDate,
} from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import type { AuthDeps } from '../deps';
import { hashRefreshToken } from '../tokens/token-issuer';
import { issueSession } from './sessions';

const invalid = () => new AppError('UNAUTHORIZED', 'Invalid refresh token');

/**
 * Rotates a refresh token: each one works once. Presenting a spent one means it was copied,
 * so the whole family is revoked and both holders must log in again.
 */
export async function refresh(deps: AuthDeps, refreshToken: string): Promise<TokenResponse> {
  const { db } = deps;
  const row = await findRefreshTokenByHash(db, hashRefreshToken(refreshToken));
  if (!row || row.revoked_at) throw invalid();
  if (row.used_at) {
    await revokeRefreshFamily(db, row.family_id, new Date());
    throw invalid();
  }
  if (toDate(row.expires_at).getTime() <= Date.now()) throw invalid();
  const user = await findUserById(db, row.user_id);
  if (!user) throw invalid();

  // The account's other sessions (logins, refreshes, a password change revoking them all) lock its
  // refresh_tokens rows and its row too: a deadlock's victim was undone whole (the token unspent), and
  // runs again.
  const session = await retriedTransaction(db, async (trx) => {
    if (!(await spendRefreshToken(trx, row.id, new Date()))) return null;
    // Read again at each refresh, so a grant or revoke (or a verification) reaches the account within one
    // access-token lifetime.
    const principal = {
      userId: user.id,
      email: user.email,
      roles: tokenRoles(user.role),
      emailVerified: Boolean(user.email_verified),
    };
    return issueSession(deps, trx, principal, { familyId: row.family_id });
  });
  if (!session) {
    // Lost a race with another use of the same token: that is reuse too.
    await revokeRefreshFamily(db, row.family_id, new Date());
    throw invalid();
  }
  return session;
}

/** Ends the session the refresh token belongs to. Unknown tokens are accepted silently. */
export async function logout(deps: Pick<AuthDeps, 'db'>, refreshToken: string): Promise<void> {
  const row = await findRefreshTokenByHash(deps.db, hashRefreshToken(refreshToken));
  if (row) await revokeRefreshFamily(deps.db, row.family_id, new Date());
}
