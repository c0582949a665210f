import { type Kysely, MysqlAdapter } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
// A payment whose order was cancelled where no provider can be called (the UserDeleted consumer's
// transaction) is marked as owing a cancel at its provider; the orders sweeper makes the call and
// clears the mark. Null for every existing payment: nothing owed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payments').addColumn('cancel_owed_since', 'datetime').execute();
  // The sweeper's oldest marks first, from the index alone (the unmarked, nearly all rows, are skipped).
  await db.schema.createIndex('payments_cancel_owed').on('payments').column('cancel_owed_since').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // MySQL names an index's table (DROP INDEX … ON t); SQLite's index names are database-wide.
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  await (mysql
    ? db.schema.dropIndex('payments_cancel_owed').on('payments')
    : db.schema.dropIndex('payments_cancel_owed')
  ).execute();
  await db.schema.alterTable('payments').dropColumn('cancel_owed_since').execute();
}
