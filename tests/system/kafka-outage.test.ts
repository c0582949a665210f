import { afterAll, beforeAll, expect, test } from 'bun:test';
import { pendingOutboxRows } from '@greencommerce/db';
import { consumeFromKafka, createKafka, kafkaPublisher, OutboxRelay, topics } from '@greencommerce/events';
import { infra, TEST_KAFKA_BROKERS } from '@greencommerce/events/testing';
import {
  createTestUsers,
  imageFile,
  images,
  newUser,
  type TestUsers,
  uploadRequest,
} from '@greencommerce/users/testing';

// Fault: the real broker stops in the middle of a stream of 300 uploads and comes back.
const UPLOADS = 300;
let u: TestUsers;
beforeAll(async () => {
  u = await createTestUsers('fault_kafka');
});
afterAll(async () => {
  await u.drop();
});

test('Kafka outage during 300 uploads: every committed upload has exactly one ImageUploaded after dedup', async () => {
  const kafka = createKafka(TEST_KAFKA_BROKERS, 'fault-kafka');
  const publisher = kafkaPublisher(kafka);
  const relay = new OutboxRelay({ db: u.db, publisher, pollMs: 50, maxBackoffMs: 1000 });
  relay.start();
  const users = await Promise.all(Array.from({ length: 4 }, () => newUser(u.db)));
  const committed: string[] = [];
  const failed: number[] = [];
  let done = 0;
  const worker = async (w: number) => {
    const user = users[w]!;
    while (done < UPLOADS) {
      done++;
      const res = await u.app.request(uploadRequest(user.token, { image: imageFile(images.png((done % 50) + 1, 1)) }));
      if (res.status === 201) committed.push((await res.json()).key);
      else failed.push(res.status);
    }
  };
  const stream = Promise.all(users.map((_, w) => worker(w)));
  const until = async (n: number) => {
    while (done < n) await Bun.sleep(10);
  };
  await until(50);
  await infra('down', 'kafka');
  const downAt = done;
  await until(Math.min(UPLOADS, downAt + 100));
  const upAt = done;
  await infra('up', 'kafka');
  await stream;
  // The outage really overlapped the stream.
  expect(upAt - downAt).toBeGreaterThanOrEqual(50);
  expect(failed).toEqual([]);
  expect(committed).toHaveLength(UPLOADS);

  const deadline = Date.now() + 90_000;
  while ((await pendingOutboxRows(u.db, 1)).length > 0 && Date.now() < deadline) await Bun.sleep(200);
  await relay.stop();
  await publisher.close();
  expect(await pendingOutboxRows(u.db, 1)).toHaveLength(0);

  const expected = new Set(committed);
  const handled: string[] = [];
  const sub = await consumeFromKafka({
    kafka,
    db: u.db,
    group: `fault-kafka-${crypto.randomUUID()}`,
    topics: [topics.ImageUploaded],
    handler: async (_trx, e) => {
      // The topic outlives test databases (whose user ids repeat): object keys are unique.
      if (e.event === 'ImageUploaded' && expected.has(e.data.key)) handled.push(e.data.key);
    },
  });
  const consumeBy = Date.now() + 60_000;
  while (handled.length < expected.size && Date.now() < consumeBy) await Bun.sleep(200);
  await sub.stop();
  expect(handled.length).toBe(UPLOADS);
  expect(new Set(handled)).toEqual(expected);
}, 240_000);
