import { DomainEvent } from '@greencommerce/events';
import type { Kafka } from 'kafkajs';

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
