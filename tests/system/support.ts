import type { Db } from '@greencommerce/db';
import { consumeFromKafka, topics } from '@greencommerce/events';
import type { Kafka } from 'kafkajs';

/**
 * Consumes ImageUploaded from the real topic through a fresh deduplicating consumer group and
 * returns the object keys it handled, until it has seen every expected key or time runs out.
 * The topic outlives test databases, whose user ids repeat, so events are matched by object key.
 */
export async function consumeUploadedKeys(kafka: Kafka, db: Db, expected: Set<string>, timeoutMs = 60_000) {
  const handled: string[] = [];
  const sub = await consumeFromKafka({
    kafka,
    db,
    group: `system-test-${crypto.randomUUID()}`,
    topics: [topics.ImageUploaded],
    handler: async (_trx, e) => {
      if (e.event === 'ImageUploaded' && expected.has(e.data.key)) handled.push(e.data.key);
    },
  });
  const until = Date.now() + timeoutMs;
  while (handled.length < expected.size && Date.now() < until) await Bun.sleep(200);
  await sub.stop();
  return handled;
}

/** Uploads `bytes` as the profile image to a running users service, as the web client's form does. */
export function uploadTo(base: string, token: string, bytes: Uint8Array<ArrayBuffer>, name = 'photo.png') {
  const form = new FormData();
  form.append('image', new File([bytes], name));
  return fetch(`${base}/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
}
