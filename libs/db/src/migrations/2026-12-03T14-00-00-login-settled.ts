import { type Kysely, MysqlAdapter } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
// A login's refresh token records the account's attempts it settled (its window and its count in
// it), so the next attempt subtracts them: a success no longer writes rate_limits a second time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('refresh_tokens').addColumn('login_window', 'bigint').execute();
  await db.schema.alterTable('refresh_tokens').addColumn('login_hits', 'integer').execute();
  // The settled count an attempt reads: MAX(login_hits) for the user and window, from the index alone.
  await db.schema
    .createIndex('refresh_tokens_login')
    .on('refresh_tokens')
    .columns(['user_id', 'login_window', 'login_hits'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  await (mysql
    ? db.schema.dropIndex('refresh_tokens_login').on('refresh_tokens')
    : db.schema.dropIndex('refresh_tokens_login')
  ).execute();
  await db.schema.alterTable('refresh_tokens').dropColumn('login_hits').execute();
  await db.schema.alterTable('refresh_tokens').dropColumn('login_window').execute();
}
