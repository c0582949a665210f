import { type Kysely, MysqlAdapter, sql } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  // A receipt with many lines outgrows TEXT's 64 KiB on MySQL.
  const body = mysql ? sql`mediumtext` : sql`text`;

  // Owned by the notifications app: the mail it owes, one row per event (the event id is the key, so
  // an event can never queue a second message), written in the consumer's transaction and sent after.
  await db.schema
    .createTable('notification_mail')
    .addColumn('event_id', 'varchar(36)', (c) => c.primaryKey())
    // The event name the message is for (UserRegistered, OrderPaid...).
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('recipient', 'varchar(255)', (c) => c.notNull())
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('subject', 'varchar(255)', (c) => c.notNull())
    // Cleared once the message is sent or given up on: link tokens do not outlive their delivery here.
    .addColumn('text_body', body)
    .addColumn('html_body', body)
    // 'pending' (to send, or to retry at next_attempt_at), 'sent', or 'failed' (a permanent SMTP rejection).
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // Epoch milliseconds by the database's clock, as leases are, so several senders agree on them.
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    // A sender's claim while it talks to SMTP: no other sender takes the row before claimed_until.
    .addColumn('claimed_by', 'varchar(36)')
    .addColumn('claimed_until', 'bigint')
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('created_at', 'datetime', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .addColumn('sent_at', 'datetime')
    .$call((b) => (mysql ? b.modifyEnd(sql`DEFAULT CHARSET=utf8mb4`) : b))
    .execute();
  await db.schema
    .createIndex('notification_mail_due')
    .on('notification_mail')
    .columns(['status', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_mail').ifExists().execute();
}
