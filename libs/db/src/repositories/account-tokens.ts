import type { Db } from '../create-db';
import type { AccountTokenPurpose, AccountTokenRow } from '../schema';

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom'>;

export async function insertAccountToken(
  db: Executor,
  row: {
    id: string;
    token_hash: string;
    purpose: AccountTokenPurpose;
    user_id: number | null;
    email: string;
    expires_at: Date;
  },
): Promise<void> {
  await db.insertInto('account_tokens').values(row).execute();
}

/**
 * Looked up by the SHA-256 of the presented token through the unique index: what a timing difference
 * could reveal is how much of a hash matched, which says nothing about any other token.
 */
export async function findAccountTokenByHash(
  db: Executor,
  hash: string,
  purpose: AccountTokenPurpose,
): Promise<AccountTokenRow | undefined> {
  return db
    .selectFrom('account_tokens')
    .selectAll()
    .where('token_hash', '=', hash)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/** Spends a token exactly once, and only before it expires: of two concurrent callers only one gets true. */
export async function spendAccountToken(db: Executor, id: string, now: Date): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return numUpdatedRows === 1n;
}

/**
 * Marks the account's unused tokens of one purpose used: a new link makes the earlier ones worthless.
 * Found by a plain read, then spent by primary key: an UPDATE searching by account locks (on MySQL,
 * under repeatable read) the index gap where the caller's new token row goes, and two transactions
 * doing so at once (two registrations, two accounts side by side in the index) each waited for the
 * other's insert, a deadlock. Callers lock the account's row first, so no earlier token is missed.
 */
export async function supersedeAccountTokens(
  db: Executor,
  userId: number,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<void> {
  const live = await db
    .selectFrom('account_tokens')
    .select('id')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  if (live.length === 0) return;
  await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where(
      'id',
      'in',
      live.map((r) => r.id),
    )
    .where('used_at', 'is', null)
    .execute();
}
