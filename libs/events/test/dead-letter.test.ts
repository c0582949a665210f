import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createMysqlTestDb, TEST_KAFKA_BROKERS, type TestDb } from '@greencommerce/testing';
import type { KafkaMessage } from 'kafkajs';
import { consumeFromKafka, createKafka, type DeadLetter, dlqTopic, ensureTopics } from '../src/index';

// Integration: the real broker and MariaDB. A topic of this run's own keeps other runs' messages out.
const kafka = createKafka(TEST_KAFKA_BROKERS, 'dlq-test');
const topic = `test.poison.${crypto.randomUUID().slice(0, 8)}`;
let t: TestDb;
beforeAll(async () => {
  t = await createMysqlTestDb('dead_letter');
  await ensureTopics(kafka, [topic], { partitions: 1 });
});
afterAll(async () => {
  await t.drop();
});

const event = (userId: number) =>
  JSON.stringify({
    id: crypto.randomUUID(),
    event: 'UserDeleted',
    version: 1,
    occurredAt: new Date().toISOString(),
    data: { userId },
  });

/** Reads `count` raw messages of a topic from its beginning. */
async function readRaw(name: string, count: number): Promise<KafkaMessage[]> {
  const seen: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId: `test-${crypto.randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: name, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
  const until = Date.now() + 30_000;
  while (seen.length < count && Date.now() < until) await Bun.sleep(100);
  await consumer.disconnect();
  return seen;
}

test('poison messages go to <topic>.dlq with their reason and bytes, and the partition moves on', async () => {
  const producer = kafka.producer();
  await producer.connect();
  const poisonHandler = event(13);
  await producer.send({
    topic,
    messages: [
      { key: 'k', value: 'not json {', headers: { origin: 'test' } },
      { key: 'k', value: '{"event":"SomethingElse"}' },
      { key: 'k', value: poisonHandler },
      { key: 'k', value: event(1) },
    ],
  });
  await producer.disconnect();

  const handled: number[] = [];
  const tries: number[] = [];
  const deadLetters: DeadLetter[] = [];
  const sub = await consumeFromKafka({
    kafka,
    db: t.db,
    group: `dlq-test-${crypto.randomUUID()}`,
    topics: [topic],
    retry: { maxAttempts: 3, backoffMs: 10 },
    onDeadLetter: (d) => deadLetters.push(d),
    handler: async (_trx, e) => {
      if (!('userId' in e.data)) throw new Error(`unexpected ${e.event}`);
      if (e.data.userId === 13) {
        tries.push(13);
        throw new Error('handler bug');
      }
      handled.push(e.data.userId);
    },
  });
  const until = Date.now() + 60_000;
  while (handled.length === 0 && Date.now() < until) await Bun.sleep(100);
  await sub.stop();

  // Everything behind the poison was handled; the failing handler had its bounded retries.
  expect(handled).toEqual([1]);
  expect(tries).toEqual([13, 13, 13]);
  expect(deadLetters.map((d) => d.reason)).toEqual(['invalid-json', 'invalid-event', 'handler-failed']);

  const dlq = await readRaw(dlqTopic(topic), 3);
  expect(dlq.map((m) => m.value?.toString())).toEqual(['not json {', '{"event":"SomethingElse"}', poisonHandler]);
  const header = (m: KafkaMessage, name: string) => m.headers?.[name]?.toString();
  expect(dlq.map((m) => header(m, 'dlq-reason'))).toEqual(['invalid-json', 'invalid-event', 'handler-failed']);
  expect(dlq.map((m) => header(m, 'dlq-offset'))).toEqual(['0', '1', '2']);
  expect(dlq.every((m) => header(m, 'dlq-topic') === topic && header(m, 'dlq-partition') === '0')).toBe(true);
  expect(header(dlq[2]!, 'dlq-error')).toContain('handler bug');
  expect(header(dlq[0]!, 'origin')).toBe('test');
  expect(dlq[0]!.key?.toString()).toBe('k');
}, 120_000);
