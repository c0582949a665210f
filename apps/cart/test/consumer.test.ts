import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createKafka, enqueueEvent, startConsumers, topics } from '@greencommerce/events';
import { TEST_KAFKA_BROKERS } from '@greencommerce/testing';
import { sql } from 'kysely';
import { cartConsumers } from '../src/consumers';
import { createTestCart, type DbKind, insertProduct, type TestCart } from './support';

const silent = { error: () => {} };

async function until(check: () => Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await Bun.sleep(25);
  return check();
}

/** A user with a cart of one line, and a bystander with one too. */
async function usersWithCarts(t: TestCart) {
  const p = await insertProduct(t.db);
  const gone = await t.user();
  const stays = await t.user();
  for (const u of [gone, stays]) {
    expect((await t.call('POST', '/cart/items', u.headers, { productId: p, quantity: 1 })).status).toBe(200);
  }
  const cartsOf = async (userId: number) =>
    (await t.db.selectFrom('carts').select('id').where('user_id', '=', userId).execute()).length;
  return { gone, stays, cartsOf };
}

const cases: { kind: DbKind; bus: 'outbox' | 'kafka' }[] = [
  { kind: 'sqlite', bus: 'outbox' },
  { kind: 'mysql', bus: 'outbox' },
  { kind: 'mysql', bus: 'kafka' },
];

for (const { kind, bus } of cases) {
  describe(`UserDeleted on ${kind} through the ${bus}`, () => {
    let t: TestCart;
    beforeAll(async () => {
      t = await createTestCart(`consumer_${kind}_${bus}`, kind);
      // The topic outlives test runs and a new group reads it from the start: user ids of this run
      // must not be ones earlier runs' events deleted.
      if (bus === 'kafka') {
        const from = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
        await sql`ALTER TABLE users AUTO_INCREMENT = ${sql.raw(String(from))}`.execute(t.db);
      }
    });
    afterAll(async () => {
      await t.drop();
    });

    test("the deleted user's cart goes; a redelivered event does not touch the cart they have since", async () => {
      const { gone, stays, cartsOf } = await usersWithCarts(t);
      const sentinel = await usersWithCarts(t);
      const group = `cart-test-${crypto.randomUUID()}`;
      const start = () =>
        startConsumers({
          db: t.db,
          brokers: bus === 'kafka' ? TEST_KAFKA_BROKERS : [],
          clientId: 'cart-test',
          consumers: cartConsumers().map((c) => ({ ...c, group })),
          logger: silent,
          pollMs: 20,
        });
      const producer = createKafka(TEST_KAFKA_BROKERS, 'cart-test').producer();
      if (bus === 'kafka') await producer.connect();
      // On Kafka the same message is sent again (a producer retry); the outbox is reread from the
      // start by a restarted consumer. Keyed alike, so the sentinel after it comes after it.
      const deliver = async (event: { id: string }) => {
        if (bus === 'kafka') {
          await producer.send({
            topic: topics.UserDeleted,
            messages: [{ key: String(gone.id), value: JSON.stringify(event) }],
          });
        }
      };
      let consumers = start();
      try {
        const event = await enqueueEvent(t.db, 'UserDeleted', { userId: gone.id });
        await deliver(event);
        expect(await until(async () => (await cartsOf(gone.id)) === 0)).toBe(true);
        expect(await cartsOf(stays.id)).toBe(1);

        // The same account id with a cart again (a token still in its lifetime, say).
        expect((await t.call('GET', '/cart', gone.headers)).status).toBe(200);
        await consumers.stop();
        consumers = start();
        await deliver(event);
        const last = await enqueueEvent(t.db, 'UserDeleted', { userId: sentinel.gone.id });
        await deliver(last);
        expect(await until(async () => (await sentinel.cartsOf(sentinel.gone.id)) === 0)).toBe(true);
        expect(await cartsOf(gone.id)).toBe(1);
        const processed = await t.db
          .selectFrom('processed_events')
          .select('event_id')
          .where('consumer_group', '=', group)
          .execute();
        expect(processed.map((r) => r.event_id)).toEqual(expect.arrayContaining([event.id, last.id]));
      } finally {
        await consumers.stop();
        if (bus === 'kafka') await producer.disconnect();
      }
    }, 60_000);
  });
}
