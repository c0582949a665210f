import type { LoginRequest, TokenResponse } from '@greencommerce/contracts';
import { clearRateLimit, findUserByEmail, hitRateLimit, peekRateLimit, updateUser } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import type { z } from 'zod';
import type { AuthDeps } from '../deps';
import { issueSession } from './sessions';
import { tooMany } from './too-many';

type Input = z.output<typeof LoginRequest>;

/**
 * Limits are kept in the database so they hold across instances: attempts per client IP,
 * and failures per account. Unknown email and wrong password look the same, in body and in time.
 */
export async function login(deps: AuthDeps, input: Input, ip: string): Promise<TokenResponse> {
  const { db, hasher, config } = deps;
  const { ipLimit, ipWindowMs, accountFailureLimit, accountWindowMs } = config.limits;
  const accountKey = `login:account:${input.email}`;
  if ((await hitRateLimit(db, `login:ip:${ip}`, ipWindowMs)) > ipLimit) throw tooMany('login attempts', ipWindowMs);
  const failures = await peekRateLimit(db, accountKey, accountWindowMs);
  if (failures >= accountFailureLimit) throw tooMany('login attempts', accountWindowMs);

  const user = await findUserByEmail(db, input.email);
  const valid = await hasher.verify(input.password, user?.password ?? (await hasher.dummyHash));
  if (!user || !valid) {
    await hitRateLimit(db, accountKey, accountWindowMs);
    throw new AppError('UNAUTHORIZED', 'Invalid credentials');
  }
  if (hasher.needsRehash(user.password)) {
    // Hashes imported from the original system (bcrypt) become argon2id on first use.
    await updateUser(db, user.id, { password: await hasher.hash(input.password) });
  }
  // Only a write when there is something to clear: most logins have no failures behind them.
  if (failures > 0) await clearRateLimit(db, accountKey);
  return issueSession(deps, db, { userId: user.id, email: user.email });
}
