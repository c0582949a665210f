import type { Kysely } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite adds a single column per ALTER TABLE.
  await db.schema.alterTable('outbox').addColumn('parked_at', 'datetime').execute();
  await db.schema.alterTable('outbox').addColumn('last_error', 'varchar(1000)').execute();
  // Parked rows are few: the relay looks them up per pending key, the readiness check counts them.
  await db.schema.createIndex('outbox_parked').on('outbox').columns(['parked_at', 'topic', 'event_key']).execute();
  // Housekeeping deletes by age in small batches; without these each batch would scan the table.
  await db.schema.createIndex('processed_events_age').on('processed_events').column('processed_at').execute();
  await db.schema.createIndex('rate_limits_age').on('rate_limits').column('window_start').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('rate_limits_age').on('rate_limits').execute();
  await db.schema.dropIndex('processed_events_age').on('processed_events').execute();
  await db.schema.dropIndex('outbox_parked').on('outbox').execute();
  await db.schema.alterTable('outbox').dropColumn('last_error').execute();
  await db.schema.alterTable('outbox').dropColumn('parked_at').execute();
}
