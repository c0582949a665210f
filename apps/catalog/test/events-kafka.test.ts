import { afterAll, beforeAll, expect, test } from 'bun:test';
import { pendingOutboxRows } from '@greencommerce/db';
import { createKafka, kafkaPublisher, OutboxRelay, topics } from '@greencommerce/events';
import { readTopic, TEST_KAFKA_BROKERS } from '@greencommerce/testing';
import { createViaApi, send } from './admin-support';
import { createTestCatalog, type TestCatalog } from './support';

// The admin writes' events leave through the outbox to the real Kafka broker (MariaDB).
const kafka = createKafka(TEST_KAFKA_BROKERS, 'catalog-events-test');
let t: TestCatalog;
beforeAll(async () => {
  t = await createTestCatalog('mysql', 'catalog_events_kafka');
});
afterAll(async () => {
  await t.drop();
});

test('create, edit, stock change and archive each reach their catalog.product.* topic', async () => {
  // Topics outlive test databases, whose ids repeat: the slug tells this run's product apart.
  const slug = `kafka-${crypto.randomUUID()}`;
  const { product } = await createViaApi(t.app, { slug, stock: 4 });
  expect((await send(t.app, 'PATCH', `/products/${product.id}`, { price: 9.5 })).status).toBe(200);
  const adjusted = await send(t.app, 'POST', `/products/${product.id}/stock-adjustments`, {
    delta: -3,
    reason: 'sold',
  });
  expect(adjusted.status).toBe(201);
  expect((await send(t.app, 'DELETE', `/products/${product.id}`)).status).toBe(204);
  const written = (await pendingOutboxRows(t.db, 100)).map((r) => JSON.parse(r.payload) as { id: string });
  expect(written).toHaveLength(4);

  const publisher = kafkaPublisher(kafka);
  expect(await new OutboxRelay({ db: t.db, publisher }).drainOnce()).toBe(4);
  await publisher.close();
  expect(await pendingOutboxRows(t.db, 100)).toEqual([]);

  const ids = new Set(written.map((e) => e.id));
  for (const [event, topic] of [
    ['ProductCreated', topics.ProductCreated],
    ['ProductUpdated', topics.ProductUpdated],
    ['StockChanged', topics.StockChanged],
    ['ProductArchived', topics.ProductArchived],
  ] as const) {
    const seen = await readTopic(kafka, topic, (evs) => evs.some((e) => ids.has(e.id)));
    const mine = seen.filter((e) => ids.has(e.id));
    expect(mine.map((e) => e.event)).toEqual([event]);
    expect(mine[0]?.data).toMatchObject({ productId: product.id });
  }
}, 120_000);
