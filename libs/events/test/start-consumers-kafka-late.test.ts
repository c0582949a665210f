import { afterAll, beforeAll, expect, test } from 'bun:test';
import { connect, createServer, type Server } from 'node:net';
import { createSqliteTestDb, freePort, TEST_KAFKA_BROKERS, type TestDb } from '@greencommerce/testing';
import { createKafka, eventConsumer, startConsumers, topics } from '../src/index';
import { ensureTopics } from '../src/topics';

let s: TestDb;
beforeAll(async () => {
  s = await createSqliteTestDb();
});
afterAll(async () => {
  await s.drop();
});

async function until(check: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await Bun.sleep(50);
  return check();
}

/** A TCP port that refuses connections until `open()`, then forwards them to the test broker. */
function lateBroker() {
  const port = freePort();
  const [host, target] = (TEST_KAFKA_BROKERS[0] ?? '127.0.0.1:9092').split(':') as [string, string];
  let server: Server | undefined;
  return {
    address: `127.0.0.1:${port}`,
    open: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(Number(target), host);
          client.pipe(upstream).pipe(client);
          client.on('error', () => upstream.destroy());
          upstream.on('error', () => client.destroy());
        }).listen(port, '127.0.0.1', () => resolve());
      }),
    close: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

test('Kafka down when the service starts: once it is up, the consumer reads the events sent meanwhile', async () => {
  const broker = lateBroker();
  const userId = 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
  const seen: number[] = [];
  const errors: unknown[] = [];
  const consumers = startConsumers({
    db: s.db,
    brokers: [broker.address],
    clientId: 'late-test',
    consumers: [
      eventConsumer(`late-${crypto.randomUUID()}`, { UserDeleted: async (_trx, { userId: id }) => void seen.push(id) }),
    ],
    logger: { error: (fields) => void errors.push(fields.attempt) },
    reconnectMs: 50,
  });
  const kafka = createKafka(TEST_KAFKA_BROKERS, 'late-test-producer');
  await ensureTopics(kafka, [topics.UserDeleted]);
  const producer = kafka.producer();
  try {
    expect(await until(() => errors.length >= 1, 30_000)).toBe(true);
    await producer.connect();
    const event = {
      id: crypto.randomUUID(),
      version: 1,
      occurredAt: new Date().toISOString(),
      event: 'UserDeleted',
      data: { userId },
    };
    await producer.send({
      topic: topics.UserDeleted,
      messages: [{ key: String(userId), value: JSON.stringify(event) }],
    });
    await broker.open();
    expect(await until(() => seen.includes(userId), 60_000)).toBe(true);
  } finally {
    await producer.disconnect();
    await consumers.stop();
    await broker.close();
  }
  expect(seen.filter((id) => id === userId)).toEqual([userId]);
}, 120_000);
