import { DomainEvent, ensureTopics } from '@greencommerce/events';
import { type Admin, type Kafka, KafkaJSProtocolError } from 'kafkajs';

/**
 * Reads a topic from its beginning with a throwaway consumer group until `done` says enough,
 * or the timeout passes. Returns every parsed event seen, duplicates included.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  done: (events: DomainEvent[]) => boolean,
  timeoutMs = 30_000,
): Promise<DomainEvent[]> {
  const seen: DomainEvent[] = [];
  const consumer = kafka.consumer({ groupId: `test-${crypto.randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parsed = DomainEvent.safeParse(JSON.parse(message.value?.toString() ?? 'null'));
      if (parsed.success) seen.push(parsed.data);
      if (done(seen)) finish();
    },
  });
  await Promise.race([finished, Bun.sleep(timeoutMs)]);
  await consumer.disconnect();
  return seen;
}

/**
 * Starts a consumer group at the current ends of its topics. The topics keep every earlier test's
 * events and a new group reads from the start, so without this a group would first work through all
 * of them (minutes, for a mailer). Real offsets: kafkajs' resetOffsets commits -1 ("latest"), which a
 * consumer reads as no offset, starting from the beginning. Call it while no member of the group runs.
 */
export async function startGroupAtEnd(kafka: Kafka, groupId: string, topics: string[]): Promise<void> {
  await ensureTopics(kafka, topics);
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const ends = await offsetsOnceLed(admin, topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * A topic just created has no partition leader for a moment, and asking for its offsets then fails with
 * a retriable error ("not the leader"): ask again until the leader is elected.
 */
async function offsetsOnceLed(admin: Admin, topic: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (err) {
      if (attempt >= 50 || !(err instanceof KafkaJSProtocolError) || !err.retriable) throw err;
      await Bun.sleep(100);
    }
  }
}
