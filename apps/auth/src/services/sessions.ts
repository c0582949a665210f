import type { TokenResponse } from '@greencommerce/contracts';
import { type Db, insertRefreshToken, type LoginSettles, type Trx } from '@greencommerce/db';
import type { Principal } from '@greencommerce/http';
import type { AuthDeps } from '../deps';
import { newRefreshToken } from '../tokens/token-issuer';

/**
 * An access token plus a refresh token: a new family with the attempts a login settled, or on
 * refresh the same family (`from`).
 */
export async function issueSession(
  deps: Pick<AuthDeps, 'issuer' | 'config'>,
  db: Db | Trx,
  principal: Principal,
  from: { login: LoginSettles } | { familyId: string },
): Promise<TokenResponse> {
  const refresh = newRefreshToken();
  await insertRefreshToken(
    db,
    {
      id: crypto.randomUUID(),
      user_id: principal.userId,
      family_id: 'familyId' in from ? from.familyId : crypto.randomUUID(),
      token_hash: refresh.hash,
      expires_at: new Date(Date.now() + deps.config.refreshTtlSeconds * 1000),
    },
    'login' in from ? from.login : undefined,
  );
  return {
    token: await deps.issuer.accessToken(principal),
    tokenType: 'Bearer',
    expiresIn: deps.issuer.accessTtlSeconds,
    refreshToken: refresh.token,
  };
}
