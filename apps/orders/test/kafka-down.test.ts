import { afterAll, beforeAll, expect, test } from 'bun:test';
import { pendingOutboxRows } from '@greencommerce/db';
import { allTopics, createKafka, ensureTopics, kafkaPublisher, OutboxRelay, topics } from '@greencommerce/events';
import { infra, readTopic, TEST_KAFKA_BROKERS } from '@greencommerce/testing';
import { createTestOrders, fillCart, insertProduct, stockOf, type TestOrders } from './support';

// Integration: the real MariaDB and this run's Kafka broker, stopped and started again by the test.
const kafka = createKafka(TEST_KAFKA_BROKERS, 'orders-kafka-test');
let t: TestOrders;
beforeAll(async () => {
  t = await createTestOrders('orders_kafka_down', 'mysql');
  await ensureTopics(kafka, allTopics());
});
afterAll(async () => {
  await t.drop();
});

test('Kafka down during checkout: orders are still placed; their events reach Kafka after it returns', async () => {
  const publisher = kafkaPublisher(kafka);
  const errors: unknown[] = [];
  const relay = new OutboxRelay({
    db: t.db,
    publisher,
    pollMs: 100,
    maxBackoffMs: 1000,
    onError: (e) => errors.push(e),
  });
  const p = await insertProduct(t.db, { stock: 5 });
  const orderIds: string[] = [];
  await infra('down', 'kafka');
  try {
    relay.start();
    for (let i = 0; i < 3; i++) {
      const u = await t.user();
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      const res = await t.checkout(u.headers);
      expect(res.status).toBe(201);
      orderIds.push((await res.json()).order.id);
    }
    expect(await stockOf(t.db, p)).toBe(2);
    const failedBy = Date.now() + 20_000;
    while (errors.length === 0 && Date.now() < failedBy) await Bun.sleep(100);
    expect(errors.length).toBeGreaterThan(0);
    // OrderPlaced and CartCheckedOut of each order wait in the outbox.
    expect(await pendingOutboxRows(t.db, 100)).toHaveLength(6);
  } finally {
    await infra('up', 'kafka');
  }
  const deadline = Date.now() + 60_000;
  while ((await pendingOutboxRows(t.db, 100)).length > 0 && Date.now() < deadline) await Bun.sleep(250);
  await relay.stop();
  await publisher.close();
  expect(await pendingOutboxRows(t.db, 100)).toHaveLength(0);
  const ids = new Set(orderIds);
  const placed = await readTopic(
    kafka,
    topics.OrderPlaced,
    (evs) => new Set(evs.filter((e) => ids.has((e.data as { orderId: string }).orderId))).size >= ids.size,
  );
  const mine = placed.filter((e) => ids.has((e.data as { orderId: string }).orderId));
  expect(new Set(mine.map((e) => (e.data as { orderId: string }).orderId))).toEqual(ids);
}, 150_000);
