import { type Kysely, MysqlAdapter, sql } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
// MySQL/MariaDB only (SQLite's TEXT has no such limit, and compares keys byte for byte already):
// - An order's events (OrderPlaced, OrderPaid, … carry every line's name and slug) and checkout's
//   stored answer outgrew TEXT's 64 KiB: a 100-line cart of 200-character Japanese names is ~72 KiB,
//   which MariaDB refused with a 500 on every retry. MEDIUMTEXT (16 MiB), as notification_mail's
//   bodies already are; a cart's merge report lists lines too.
// - An Idempotency-Key is compared as the client sent it: under the table's utf8mb4_unicode_ci,
//   `Order-Key-A` and `order-key-a` were one key, and the second checkout replayed the first order.
// MariaDB copies both tables to change a column's type (ALGORITHM=COPY) and holds their writes
// meanwhile: ~5 s for 200,000 outbox rows of 3 KB (the outbox keeps 72 h), so run it at a deploy.
// `down` refuses (1406, 1062) once rows no longer fit the narrower columns rather than cut them.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof MysqlAdapter)) return;
  await sql`ALTER TABLE outbox MODIFY payload MEDIUMTEXT NOT NULL`.execute(db);
  await sql`ALTER TABLE idempotency_keys
    MODIFY idem_key VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY response_body MEDIUMTEXT NULL`.execute(db);
  await sql`ALTER TABLE carts MODIFY merge_report MEDIUMTEXT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof MysqlAdapter)) return;
  await sql`ALTER TABLE carts MODIFY merge_report TEXT NULL`.execute(db);
  await sql`ALTER TABLE idempotency_keys
    MODIFY idem_key VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
    MODIFY response_body TEXT NULL`.execute(db);
  await sql`ALTER TABLE outbox MODIFY payload TEXT NOT NULL`.execute(db);
}
