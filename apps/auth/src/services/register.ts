import type { PublicUser, RegisterRequest } from '@greencommerce/contracts';
import { findUserById, insertUser, isUniqueViolation, toProfile } from '@greencommerce/db';
import { enqueueEvent, requestEmailVerification } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import type { z } from 'zod';
import type { AuthDeps } from '../deps';
import { countAttempt } from './attempt-limit';
import { ipSubject } from './ip-subject';

type Input = z.output<typeof RegisterRequest>;

/**
 * Creates the user, its UserRegistered event and its first verification link (the welcome mail) together;
 * the unique email index settles races. `locale` is the mail language, from Accept-Language.
 * Registrations per client IP are limited, as each costs a password hash and a row.
 */
export async function register(
  deps: Pick<AuthDeps, 'db' | 'hasher' | 'config'>,
  input: Input,
  ip: string,
  locale: 'es' | 'en' = 'es',
): Promise<PublicUser> {
  const { registerIpLimit, registerIpWindowMs } = deps.config.limits;
  await countAttempt(
    deps.db,
    { scope: 'register:ip', subject: ipSubject(ip) },
    { limit: registerIpLimit, windowMs: registerIpWindowMs, what: 'registrations from this address' },
  );
  // Hashing happens before the transaction so that no connection is held while it runs.
  const password = await deps.hasher.hash(input.password);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const id = await insertUser(trx, {
        name: input.name,
        last_name: input.lastName,
        day_birth: input.dayBirth,
        month_birth: input.monthBirth,
        year_birth: input.yearBirth,
        gender: input.gender,
        phone_number: input.phoneNumber,
        email: input.email,
        password,
        locale,
      });
      await enqueueEvent(trx, 'UserRegistered', { userId: id, email: input.email, name: input.name, locale });
      await requestEmailVerification(trx, { id, email: input.email, name: input.name, locale }, 'registration');
      const row = await findUserById(trx, id);
      if (!row) throw new Error(`user ${id} vanished inside its own transaction`);
      return { ...toProfile(row), profileImage: null };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', 'An account with this email already exists');
    throw err;
  }
}
