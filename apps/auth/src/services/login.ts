import { type LoginRequest, type TokenResponse, tokenRoles } from '@greencommerce/contracts';
import { releaseRateLimitSlot, replacePasswordHash, retryConflicts, takeLoginAttempt } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import type { z } from 'zod';
import type { AuthDeps } from '../deps';
import { ipSubject } from './ip-subject';
import { issueSession } from './sessions';
import { tooMany } from './too-many';

type Input = z.output<typeof LoginRequest>;

const what = 'login attempts';

/**
 * Limits are kept in the database so they hold across instances: attempts per client IP, and
 * failures per account, whose slot is reserved before the password is checked, so parallel guesses
 * never run more checks than the limit. Unknown email and wrong password look the same, in body,
 * in time and in the statements run. A successful login runs two statements: the attempt (both
 * limits, the account's row and what the window's last login settled: takeLoginAttempt) and the
 * refresh token, which records the attempts this login settles: its own slot and the failures before
 * it are no longer counted from then on, with no write to rate_limits.
 */
export async function login(deps: AuthDeps, input: Input, ip: string): Promise<TokenResponse> {
  const { db, hasher, config } = deps;
  const { ipLimit, ipWindowMs, accountFailureLimit, accountWindowMs } = config.limits;
  // One clock reading, so that a release lands in the window the slot was taken from.
  const now = Date.now();
  // Each of a login's two statements stands alone: one the server picks as a deadlock's victim (the
  // account's concurrent logins lock the same rate_limits and refresh_tokens rows) was undone whole,
  // and runs again.
  const attempt = await retryConflicts(() =>
    takeLoginAttempt(db, {
      ipSubject: ipSubject(ip),
      email: input.email,
      now,
      ipLimit,
      ipWindowMs,
      accountLimit: accountFailureLimit,
      accountWindowMs,
    }),
  );
  // A failed release only costs the account a slot until its window ends; the error that ended
  // the attempt is the one worth reporting.
  const giveBack = () => releaseRateLimitSlot(db, attempt.accountBucket, accountWindowMs, now).catch(() => {});
  if (!attempt.ipTaken) {
    // Its count on the account is given back whether or not it was within the account's budget:
    // a client over its IP limit must leave no trace there, or a parallel burst of refused attempts
    // leaves the account locked for its window.
    await giveBack();
    throw tooMany(what, ipWindowMs);
  }
  if (!attempt.accountTaken) throw tooMany(what, accountWindowMs);
  const { user } = attempt;
  let valid: boolean;
  try {
    valid = await hasher.verify(input.password, user?.password ?? (await hasher.dummyHash));
  } catch (err) {
    // The check judged nothing (hash queue full): it is no failure.
    await giveBack();
    throw err;
  }
  // A failure keeps its slot, with no further write.
  if (!valid || !user) throw new AppError('UNAUTHORIZED', 'Invalid credentials');
  if (hasher.needsRehash(user.password)) {
    // Hashes imported from the original system (bcrypt) become argon2id on first use, unless the
    // password was changed since it was read: then the new one stays.
    await replacePasswordHash(db, user.id, user.password, await hasher.hash(input.password));
  }
  // The role as this row has it now: a grant or revoke since the last login shows from here on.
  const principal = {
    userId: user.id,
    email: user.email,
    roles: tokenRoles(user.role),
    emailVerified: Boolean(user.email_verified),
  };
  return retryConflicts(() => issueSession(deps, db, principal, { login: attempt.settles }));
}
