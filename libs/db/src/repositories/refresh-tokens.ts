import type { Db } from '../create-db';
import type { RefreshTokenRow } from '../schema';
import type { LoginSettles } from './login-attempts';

type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom'>;

export async function insertRefreshToken(
  db: Executor,
  row: {
    id: string;
    user_id: number;
    family_id: string;
    token_hash: string;
    expires_at: Date;
  },
  /** A login's token settles the account's attempts counted so far; refreshed tokens settle none. */
  login?: LoginSettles,
): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({
      ...row,
      ...(login && {
        login_window: login.window,
        // Still in the window: a bucket moved on to a later one settles nothing here (NULL).
        login_hits: db
          .selectFrom('rate_limits')
          .where('bucket_key', '=', login.bucket)
          .where('window_start', '=', login.window)
          .select('hits'),
      }),
    })
    .execute();
}

export async function findRefreshTokenByHash(db: Executor, hash: string): Promise<RefreshTokenRow | undefined> {
  return db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

/** Spends a token exactly once: of two concurrent callers only one gets true. */
export async function spendRefreshToken(db: Executor, id: string, now: Date): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('refresh_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return numUpdatedRows === 1n;
}

export async function revokeRefreshFamily(db: Executor, familyId: string, now: Date): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeUserRefreshTokens(db: Executor, userId: number, now: Date): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
