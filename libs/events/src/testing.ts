import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { DomainEvent } from './schemas';

export const TEST_KAFKA_BROKERS = (process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

const ROOT = path.resolve(import.meta.dir, '../../..');

/** Starts or stops a service of infra/ (kafka or s3), as the outage tests need. */
export async function infra(action: 'up' | 'down', service: 'kafka' | 's3'): Promise<void> {
  const proc = Bun.spawn(['bash', `${ROOT}/infra/${action}.sh`, service], { stdout: 'pipe', stderr: 'pipe' });
  if ((await proc.exited) !== 0) {
    throw new Error(`infra ${action} ${service} failed: ${await new Response(proc.stderr).text()}`);
  }
}

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
