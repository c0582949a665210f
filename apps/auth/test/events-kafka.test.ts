import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createKafka, kafkaPublisher, OutboxRelay, topics } from '@greencommerce/events';
import { readTopic, TEST_KAFKA_BROKERS } from '@greencommerce/testing';
import { createTestAuth, postJson, registration, type TestAuth, uniqueEmail } from './support';

// Integration: the real broker started by infra/up.sh.
let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth('auth_kafka');
});
afterAll(async () => {
  await auth.drop();
});

test('UserRegistered reaches the real Kafka topic', async () => {
  const email = uniqueEmail('kafka');
  const res = await postJson(auth.app, '/auth/register', registration(email));
  const { id } = await res.json();
  const kafka = createKafka(TEST_KAFKA_BROKERS, 'auth-test');
  const publisher = kafkaPublisher(kafka);
  const relay = new OutboxRelay({ db: auth.db, publisher });
  expect(await relay.drainOnce()).toBeGreaterThan(0);
  await publisher.close();
  const seen = await readTopic(kafka, topics.UserRegistered, (evs) =>
    evs.some((e) => e.event === 'UserRegistered' && e.data.userId === id && e.data.email === email),
  );
  expect(seen.filter((e) => e.event === 'UserRegistered' && e.data.email === email)).toHaveLength(1);
}, 60_000);
