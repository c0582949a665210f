import { type Kysely, MysqlAdapter, sql } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`CURRENT_TIMESTAMP`;
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;

  // Existing accounts get false: nobody ever proved they own those addresses (the original system never
  // asked), and a reset link or receipt may only be trusted to an address that was proven. They can ask
  // for a link with POST /auth/verify-email/resend; requiring it at checkout is the operator's choice.
  await db.schema
    .alterTable('users')
    .addColumn('email_verified', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  // The mail language: 'es' (the original client's) unless Accept-Language at registration preferred English.
  await db.schema
    .alterTable('users')
    .addColumn('locale', 'varchar(8)', (c) => c.notNull().defaultTo('es'))
    .execute();
  // Set by PATCH /user/notifications: no non-essential mail. Verification, reset and receipts still go.
  await db.schema
    .alterTable('users')
    .addColumn('marketing_opt_out', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();

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
