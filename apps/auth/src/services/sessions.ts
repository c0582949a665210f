import type { TokenResponse } from '@greencommerce/contracts';
import { type Db, insertRefreshToken, type Trx } from '@greencommerce/db';
import type { Principal } from '@greencommerce/http';
import type { AuthDeps } from '../deps';
import { newRefreshToken } from '../tokens/token-issuer';

/** An access token plus a refresh token in `familyId` (a new family at login, the same one on refresh). */
export async function issueSession(
  deps: Pick<AuthDeps, 'issuer' | 'config'>,
  db: Db | Trx,
  principal: Principal,
  familyId: string = crypto.randomUUID(),
): Promise<TokenResponse> {
  const refresh = newRefreshToken();
  await insertRefreshToken(db, {
    id: crypto.randomUUID(),
    user_id: principal.userId,
    family_id: familyId,
    token_hash: refresh.hash,
    expires_at: new Date(Date.now() + deps.config.refreshTtlSeconds * 1000),
  });
  return {
    token: await deps.issuer.accessToken(principal),
    tokenType: 'Bearer',
    expiresIn: deps.issuer.accessTtlSeconds,
    refreshToken: refresh.token,
  };
}
