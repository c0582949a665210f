import { type Expression, sql } from 'kysely';
import type { Db } from '../create-db';
import { hasUpsertReturning, isMysql } from '../dialect';
import type { UserRow } from '../schema';
import { rateLimitKey, rateLimitWindowStart } from './rate-limits';

export type LoginAttemptLimits = {
  ipLimit: number;
  ipWindowMs: number;
  accountLimit: number;
  accountWindowMs: number;
};

export type LoginUser = Pick<UserRow, 'id' | 'email' | 'password' | 'role' | 'email_verified'>;

export type LoginAttempt = {
  /** The client's attempt is within its window's limit. */
  ipTaken: boolean;
  /** A slot of the account's failure budget is this attempt's (to keep as a failure, or give back). */
  accountTaken: boolean;
  /** The account's bucket: its user's, or the unknown email's (which has one too, so both look alike). */
  accountBucket: string;
  /**
   * The account's attempts in its window up to this one, failures and checks in flight, past the
   * last login in the window that settled them.
   */
  accountHits: number;
  /** What this attempt settles if it succeeds: its login's refresh token carries it (loginSettles). */
  settles: LoginSettles;
  user: LoginUser | undefined;
};

/**
 * Where a successful login settles the account's attempts: its bucket row and window. The login's
 * refresh token records the bucket's count when it is written (refresh_tokens.login_window and
 * login_hits), instead of a write back to rate_limits, so a success costs no statement beyond its
 * token. Read at that moment, as the DELETE it replaces cleared the count at that moment: a slot given
 * back in between (an attempt refused for its IP) is not settled twice.
 */
export type LoginSettles = { bucket: string; window: number };

/** The prefix of a user's login-failure bucket; the user id follows (a number: nothing to hash). */
const USER_BUCKET = 'login:user:';

/**
 * One login attempt in one statement: it counts the attempt against the client IP's window and
 * takes a slot of the account's failure budget (a multi-row upsert of both buckets, atomic per row
 * as takeRateLimitSlot is), and reads the account's row back with them (RETURNING, which MariaDB
 * and SQLite both have for an upsert; on MySQL, which has none, a second statement reads them). The account's bucket is keyed on the user id the statement
 * itself finds by email, under the database's collation, so every spelling that reaches an account
 * shares its budget.
 *
 * Counts are not capped: each attempt adds one and is within its limit when the count it made, less
 * the count the window's latest login settled (LoginSettles, read in the same statement), is. A
 * success therefore forgives the failures before it without a write of its own to rate_limits.
 * An attempt refused for its IP is given back with releaseRateLimitSlot whether or not it was within
 * the account's budget (else a burst from a client over its limit locks the account); so is a slot the
 * check could not use. Attempts refused for the account's own limit are left counted, which can only
 * refuse more, never check more.
 */
export async function takeLoginAttempt(
  db: Db,
  attempt: { ipSubject: string; email: string; now?: number } & LoginAttemptLimits,
  /** Tests force MySQL's path on MariaDB; otherwise the server decides. */
  opts: { returning?: boolean } = {},
): Promise<LoginAttempt> {
  const { email, now = Date.now() } = attempt;
  const ipBucket = rateLimitKey({ scope: 'login:ip', subject: attempt.ipSubject });
  const unknownBucket = rateLimitKey({ scope: 'login:unknown-email', subject: email });
  const accountWindow = rateLimitWindowStart(attempt.accountWindowMs, now);
  const mysql = isMysql(db);
  const user = db.selectFrom('users').where('email', '=', email);
  const userBucket = user.select(
    mysql ? sql<string>`CONCAT(${USER_BUCKET}, id)`.as('bucket') : sql<string>`${USER_BUCKET} || id`.as('bucket'),
  );
  const insert = db.insertInto('rate_limits').values((eb) => [
    { bucket_key: ipBucket, window_start: rateLimitWindowStart(attempt.ipWindowMs, now), hits: 1 },
    {
      bucket_key: eb.fn.coalesce(userBucket, eb.val(unknownBucket)) as Expression<string>,
      window_start: accountWindow,
      hits: 1,
    },
  ]);
  // A window earlier than the stored one (an instance whose clock lags) counts in the later one;
  // only a later window starts the bucket over. MySQL assigns left to right: `hits` still compares
  // the old window_start.
  const counted = mysql
    ? insert.onDuplicateKeyUpdate({
        hits: sql`IF(window_start >= VALUES(window_start), hits + 1, 1)`,
        window_start: sql`GREATEST(window_start, VALUES(window_start))`,
      })
    : insert.onConflict((oc) =>
        oc.column('bucket_key').doUpdateSet({
          hits: sql`CASE WHEN rate_limits.window_start >= excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END`,
          window_start: sql`max(rate_limits.window_start, excluded.window_start)`,
        }),
      );
  // The count the latest login settled in the bucket's window (which another instance's clock may
  // have moved past this one's), found through the index on (user, window, hits).
  const settled = db
    .selectFrom('refresh_tokens')
    .where('user_id', '=', user.select('id'))
    .where('login_window', '=', sql.ref<number>('rate_limits.window_start'))
    .select((eb) => eb.fn.max('login_hits').as('settled'));
  const columns = [
    'bucket_key',
    'hits',
    'window_start',
    settled.as('settled_hits'),
    user.select('id').as('user_id'),
    user.select('email').as('user_email'),
    user.select('password').as('user_password'),
    user.select('role').as('user_role'),
    user.select('email_verified').as('user_email_verified'),
  ] as const;
  let rows: Record<string, unknown>[];
  if (opts.returning ?? (await hasUpsertReturning(db))) {
    // Run as compiled: Kysely's execute() drops RETURNING rows on MySQL, which it believes has none.
    rows = (await db.executeQuery(counted.returning(columns).compile())).rows as Record<string, unknown>[];
  } else {
    // MySQL: the upsert, then the same columns read back. Other attempts may have counted in between,
    // so a count read can be higher than this attempt's own: that refuses more, never checks more.
    await counted.execute();
    const accountKey = db
      .selectFrom('users')
      .where('email', '=', email)
      .select(sql<string>`CONCAT(${USER_BUCKET}, id)`.as('bucket'));
    rows = await db
      .selectFrom('rate_limits')
      .select(columns)
      .where((eb) =>
        eb.or([
          eb('bucket_key', '=', ipBucket),
          eb('bucket_key', '=', eb.fn.coalesce(accountKey, eb.val(unknownBucket)) as Expression<string>),
        ]),
      )
      .execute();
  }
  // Matched by key: SQLite returns the rows of a statement in no particular order.
  const ip = rows.find((r) => r.bucket_key === ipBucket);
  const account = rows.find((r) => r.bucket_key !== ipBucket);
  if (!ip || !account) throw new Error('login attempt: the upsert returned no row for a bucket');
  const found = account.user_id ?? undefined;
  const settles = { bucket: account.bucket_key as string, window: Number(account.window_start) };
  const accountHits = Number(account.hits) - Number(account.settled_hits ?? 0);
  return {
    ipTaken: Number(ip.hits) <= attempt.ipLimit,
    accountTaken: accountHits <= attempt.accountLimit,
    accountBucket: account.bucket_key as string,
    accountHits,
    settles,
    user:
      found === undefined
        ? undefined
        : {
            id: Number(found),
            email: account.user_email as string,
            password: account.user_password as string,
            role: account.user_role as string,
            email_verified: Number(account.user_email_verified),
          },
  };
}
