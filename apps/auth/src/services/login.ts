import { type LoginRequest, type TokenResponse, tokenRoles } from '@greencommerce/contracts';
import { findUserByEmail, replacePasswordHash } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import type { z } from 'zod';
import type { AuthDeps } from '../deps';
import { countAttempt, limitedCheck } from './attempt-limit';
import { ipSubject } from './ip-subject';
import { issueSession } from './sessions';

type Input = z.output<typeof LoginRequest>;

/**
 * Limits are kept in the database so they hold across instances: attempts per client IP, and
 * failures per account, whose slot is reserved before the password is checked. Unknown email and
 * wrong password look the same, in body and in time.
 */
export async function login(deps: AuthDeps, input: Input, ip: string): Promise<TokenResponse> {
  const { db, hasher, config } = deps;
  const { ipLimit, ipWindowMs, accountFailureLimit, accountWindowMs } = config.limits;
  const what = 'login attempts';
  await countAttempt(db, { scope: 'login:ip', subject: ipSubject(ip) }, { limit: ipLimit, windowMs: ipWindowMs, what });
  const row = await findUserByEmail(db, input.email);
  // The database matches emails under its collation (MariaDB's ignores accents and zero-width
  // characters), so many spellings find one account: its budget is keyed on its id, not the spelling.
  const account = row
    ? { scope: 'login:user', subject: String(row.id) }
    : { scope: 'login:unknown-email', subject: input.email };
  const limit = { limit: accountFailureLimit, windowMs: accountWindowMs, what };
  const user = await limitedCheck(db, account, limit, async () => {
    const valid = await hasher.verify(input.password, row?.password ?? (await hasher.dummyHash));
    return valid && row ? row : null;
  });
  if (!user) throw new AppError('UNAUTHORIZED', 'Invalid credentials');
  if (hasher.needsRehash(user.password)) {
    // Hashes imported from the original system (bcrypt) become argon2id on first use, unless the
    // password was changed since it was read: then the new one stays.
    await replacePasswordHash(db, user.id, user.password, await hasher.hash(input.password));
  }
  // The role as this row has it now: a grant or revoke since the last login shows from here on.
  return issueSession(deps, db, {
    userId: user.id,
    email: user.email,
    roles: tokenRoles(user.role),
    emailVerified: Boolean(user.email_verified),
  });
}
