import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { tmpdir } from 'node:os';
import { createDb, type Db, migrateToLatest } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import {
  createMysqlTestDb,
  newUser,
  type Service,
  startService,
  TEST_JWT_ENV,
  TEST_KAFKA_BROKERS,
  type TestDb,
} from '@greencommerce/testing';
import { sql } from 'kysely';
import { insertProduct } from './support';

// The real entry point as its own process: its consumer loop is what removes a deleted user's cart,
// from the outbox in embedded mode and, on the real stack, through the outbox relay and Kafka.
const stacks = [
  { name: 'embedded SQLite, the outbox as the bus', kafka: false },
  { name: 'MariaDB with Kafka (relayed from the outbox)', kafka: true },
];

for (const stack of stacks) {
  describe(`the cart process on ${stack.name}`, () => {
    let db: Db;
    let mysql: TestDb | undefined;
    let service: Service;
    let file: string | undefined;
    beforeAll(async () => {
      let url: string;
      if (stack.kafka) {
        mysql = await createMysqlTestDb('cart_process');
        db = mysql.db;
        url = mysql.url;
        // The topic outlives test runs and a new group reads it from the start: this run's user ids
        // must not be ones earlier runs' events deleted.
        const from = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
        await sql`ALTER TABLE users AUTO_INCREMENT = ${sql.raw(String(from))}`.execute(db);
      } else {
        file = `${tmpdir()}/gc-cart-process-${process.pid}-${crypto.randomUUID()}.sqlite`;
        url = file;
        db = createDb({ url });
        await migrateToLatest(db);
      }
      service = await startService('cart', {
        ...TEST_JWT_ENV,
        DATABASE_URL: url,
        KAFKA_BROKERS: stack.kafka ? TEST_KAFKA_BROKERS.join(',') : '',
        LOG_LEVEL: 'warn',
        CART_WORKERS: '1',
      });
    }, 60_000);
    afterAll(async () => {
      // A graceful stop (SIGTERM) within the hook's 5 s: the Kafka consumer's idle fetch is short.
      service?.proc.kill();
      await service?.proc.exited;
      expect(service?.proc.exitCode).toBe(0);
      if (mysql) await mysql.drop();
      else {
        await db.destroy();
        for (const suffix of ['', '-wal', '-shm'])
          await Bun.file(`${file}${suffix}`)
            .delete()
            .catch(() => {});
      }
    });

    test("UserDeleted removes that user's cart and no other", async () => {
      const p = await insertProduct(db);
      const gone = await newUser(db);
      const stays = await newUser(db);
      for (const u of [gone, stays]) {
        const res = await fetch(`${service.base}/cart/items`, {
          method: 'POST',
          headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ productId: p, quantity: 1 }),
        });
        expect(res.status).toBe(200);
      }
      const cartsOf = async (userId: number) =>
        (await db.selectFrom('carts').select('id').where('user_id', '=', userId).execute()).length;
      await enqueueEvent(db, 'UserDeleted', { userId: gone.id });
      const deadline = Date.now() + 30_000;
      while ((await cartsOf(gone.id)) > 0 && Date.now() < deadline) await Bun.sleep(50);
      expect(await cartsOf(gone.id)).toBe(0);
      expect(await cartsOf(stays.id)).toBe(1);
    }, 60_000);
  });
}
