import { expect, test } from 'bun:test';
import { TEST_KAFKA_BROKERS } from '@greencommerce/testing';
import { createKafka, ensureTopics } from '../src/index';

// Integration: the real broker, configured like production with topic auto-creation off.
const kafka = createKafka(TEST_KAFKA_BROKERS, 'topics-test');
const run = crypto.randomUUID().slice(0, 8);

const partitionsOf = async (topic: string) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0]!.partitions.length;
  } finally {
    await admin.disconnect();
  }
};

test('the broker does not create topics on demand: producing to an unknown topic fails', async () => {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const sent = producer.send({ topic: `test.never-created.${run}`, messages: [{ value: 'x' }] });
    await expect(sent).rejects.toThrow('does not host this topic-partition');
  } finally {
    await producer.disconnect();
  }
  const admin = kafka.admin();
  await admin.connect();
  expect(await admin.listTopics()).not.toContain(`test.never-created.${run}`);
  await admin.disconnect();
}, 60_000);

test('missing topics are created with the configured partitions; existing ones are left alone', async () => {
  const existing = `test.existing.${run}`;
  const created = `test.created.${run}`;
  await ensureTopics(kafka, [existing], { partitions: 1 });
  await ensureTopics(kafka, [existing, created, `${created}.dlq`], { partitions: 4, replicationFactor: 1 });
  expect(await partitionsOf(existing)).toBe(1);
  expect(await partitionsOf(created)).toBe(4);
  expect(await partitionsOf(`${created}.dlq`)).toBe(4);
}, 60_000);
