import { type Kysely, MysqlAdapter, sql } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`CURRENT_TIMESTAMP`;
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;

  // Existing accounts get false: nobody ever proved they own those addresses (the original system never
  // asked), and a reset link or receipt may only be trusted to an address that was proven. They can ask
  // for a link with POST /auth/verify-email/resend; requiring it at checkout is the operator's choice.
  // locale: the mail language, 'es' (the original client's) unless Accept-Language at registration
  // preferred English. marketing_opt_out: set by PATCH /user/notifications, no non-essential mail
  // (verification, reset and receipts still go).
  // One ALTER on MySQL (each one rebuilds the table); SQLite takes one column per statement.
  const columns = [
    ['email_verified', 'boolean', false],
    ['locale', 'varchar(8)', 'es'],
    ['marketing_opt_out', 'boolean', false],
  ] as const;
  if (mysql) {
    const [first, ...rest] = columns;
    let alter = db.schema.alterTable('users').addColumn(first[0], first[1], (c) => c.notNull().defaultTo(first[2]));
    for (const [name, type, def] of rest) alter = alter.addColumn(name, type, (c) => c.notNull().defaultTo(def));
    await alter.execute();
  } else {
    for (const [name, type, def] of columns)
      await db.schema
        .alterTable('users')
        .addColumn(name, type, (c) => c.notNull().defaultTo(def))
        .execute();
  }

  // Single-use links (email verification, password reset). Only the SHA-256 of a token is kept.
  await db.schema
    .createTable('account_tokens')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('token_hash', 'char(64)', (c) => c.notNull().unique())
    // 'verify_email' or 'password_reset'.
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
    // Null for the decoy a reset request for an unknown address writes (same writes either way, no
    // enumeration by timing); such a row can never be redeemed.
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    // The address the link was sent to: a verification link only verifies that address, not one
    // the account changed to since.
    .addColumn('email', 'varchar(100)', (c) => c.notNull())
    .addColumn('expires_at', 'datetime', (c) => c.notNull())
    .addColumn('used_at', 'datetime')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(now))
    .$call((b) => (mysql ? b.modifyEnd(sql`DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : b))
    .execute();
  // A new link supersedes the account's earlier unused ones of the same purpose; housekeeping prunes by age.
  await db.schema.createIndex('account_tokens_user').on('account_tokens').columns(['user_id', 'purpose']).execute();
  await db.schema.createIndex('account_tokens_expiry').on('account_tokens').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_tokens').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('marketing_opt_out').execute();
  await db.schema.alterTable('users').dropColumn('locale').execute();
  await db.schema.alterTable('users').dropColumn('email_verified').execute();
}
