import { accountRole } from '@greencommerce/contracts';
import { SqliteAdapter, sql } from 'kysely';
import { compiledOnce } from '../compiled-once';
import type { Db } from '../create-db';
import { isMysql } from '../dialect';
import type { NewUser, UserRow, UserUpdate } from '../schema';

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom'>;

const byIdQuery = compiledOnce((db) => db.selectFrom('users').selectAll().where('id', '=', 0));

/** The hottest query of all (every GET /user/info): compiled once per dialect, not per call. */
export async function findUserById(
  db: Pick<Db, 'executeQuery' | 'getExecutor'>,
  id: number,
): Promise<UserRow | undefined> {
  const { rows } = await byIdQuery(db, [id]);
  return rows[0];
}

/**
 * Reads the user and holds its row until the transaction ends, so concurrent read-modify-writes
 * of one user queue up. SQLite has no row locks; its single writer serializes transactions, and a
 * no-op write first takes that writer's lock: a deferred transaction that read first and wrote later
 * failed with SQLITE_BUSY_SNAPSHOT (a 500) when another process sharing the embedded file wrote between.
 */
export async function findUserForUpdate(trx: Executor & Pick<Db, 'getExecutor'>, id: number) {
  const query = trx.selectFrom('users').selectAll().where('id', '=', id);
  if (!(trx.getExecutor().adapter instanceof SqliteAdapter)) return query.forUpdate().executeTakeFirst();
  await trx
    .updateTable('users')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('id', '=', id)
    .execute();
  return query.executeTakeFirst();
}

const heldAccountQuery = compiledOnce((db) => {
  const select = db.selectFrom('users').select('id').where('id', '=', 0);
  // MariaDB (10.11) has no FOR SHARE; LOCK IN SHARE MODE is the spelling both it and MySQL take.
  return isMysql(db) ? select.modifyEnd(sql`lock in share mode`) : select;
});
const sqliteWriteLockQuery = compiledOnce((db) =>
  db
    .updateTable('users')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('id', '=', 0),
);

/**
 * True while the account exists, and then it keeps existing until the caller's transaction ends:
 * the row is read with a share lock, so the users app's delete (which enqueues UserDeleted in its
 * own transaction) waits for the caller's commit, and the UserDeleted handlers then find what the
 * caller wrote (a cart, an order). False: the account is gone, write nothing for it. SQLite has no
 * row locks; a no-op write takes its single writer's lock first (see findUserForUpdate), which
 * serializes the delete just the same. Concurrent holders of one account do not wait for each other.
 */
export async function holdAccount(trx: Pick<Db, 'executeQuery' | 'getExecutor'>, id: number): Promise<boolean> {
  if (!isMysql(trx as Db)) await sqliteWriteLockQuery(trx, [id]);
  return (await heldAccountQuery(trx, [id])).rows.length > 0;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Throws a unique violation (see isUniqueViolation) when the email is taken. */
export async function insertUser(db: Executor, user: NewUser): Promise<number> {
  const { insertId } = await db.insertInto('users').values(user).executeTakeFirstOrThrow();
  return Number(insertId);
}

export async function updateUser(db: Executor, id: number, changes: UserUpdate): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('users')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

/**
 * Rewrites the password hash only if it is still `expected`, the one the caller verified against:
 * a password changed in the meantime is kept. True if this call replaced it.
 */
export async function replacePasswordHash(db: Executor, id: number, expected: string, next: string): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('users')
    .set({ password: next, updated_at: new Date() })
    .where('id', '=', id)
    .where('password', '=', expected)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

export async function deleteUser(db: Executor, id: number): Promise<boolean> {
  const { numDeletedRows } = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return numDeletedRows > 0n;
}

/** The profile as the API names it (the original client's camelCase), without credentials. */
export function toProfile(row: UserRow) {
  return {
    id: row.id,
    name: row.name,
    lastName: row.last_name,
    dayBirth: row.day_birth,
    monthBirth: row.month_birth,
    yearBirth: row.year_birth,
    gender: row.gender,
    phoneNumber: row.phone_number,
    email: row.email,
    shippingAddress: row.shipping_address,
    role: accountRole(row.role),
    emailVerified: Boolean(row.email_verified),
    notifications: { marketing: !row.marketing_opt_out },
  };
}

/** Marks the account's address proven, if it still is `email` (the one the link was sent to). */
export async function markEmailVerified(db: Executor, id: number, email: string): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('users')
    .set({ email_verified: true, updated_at: new Date() })
    .where('id', '=', id)
    .where('email', '=', email)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}
