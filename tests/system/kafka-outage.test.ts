import { afterAll, beforeAll, expect, test } from 'bun:test';
import { pendingOutboxRows } from '@greencommerce/db';
import { createKafka, kafkaPublisher, OutboxRelay } from '@greencommerce/events';
import { infra, TEST_KAFKA_BROKERS } from '@greencommerce/events/testing';
import {
  createTestUsers,
  imageFile,
  images,
  newUser,
  type TestUsers,
  uploadRequest,
} from '@greencommerce/users/testing';
import { consumeUploadedKeys } from './support';

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
  // Phases by upload count: 1–50 with the broker up, 51–150 with it down, the rest while it restarts.
  let started = 0;
  let brokerDown!: () => void;
  const downGate = new Promise<void>((resolve) => {
    brokerDown = resolve;
  });
  let restarting!: () => void;
  const upGate = new Promise<void>((resolve) => {
    restarting = resolve;
  });
  let finishedWhileDown = 0;
  let isDown = false;
  const worker = async (user: (typeof users)[number]) => {
    while (started < UPLOADS) {
      const n = ++started;
      if (n > 50) await downGate;
      if (n > 150) await upGate;
      const res = await u.app.request(uploadRequest(user.token, { image: imageFile(images.png((n % 50) + 1, 1)) }));
      if (res.status === 201) committed.push((await res.json()).key);
      else failed.push(res.status);
      if (isDown) finishedWhileDown++;
    }
  };
  const stream = Promise.all(users.map((user) => worker(user)));
  while (started < 50) await Bun.sleep(5);
  await infra('down', 'kafka');
  isDown = true;
  brokerDown();
  while (finishedWhileDown < 100) await Bun.sleep(5);
  isDown = false;
  const restart = infra('up', 'kafka');
  restarting();
  await stream;
  await restart;
  // Uploads never depend on the broker: all 300 succeed, 100 of them while it was down.
  expect(failed).toEqual([]);
  expect(committed).toHaveLength(UPLOADS);

  const deadline = Date.now() + 90_000;
  while ((await pendingOutboxRows(u.db, 1)).length > 0 && Date.now() < deadline) await Bun.sleep(200);
  await relay.stop();
  await publisher.close();
  expect(await pendingOutboxRows(u.db, 1)).toHaveLength(0);
  // The relay met the outage: publishes failed while the broker was down (a broker that never went
  // down, such as a server these scripts did not start, would leave every row at zero).
  const failedPublishes = await u.db.selectFrom('outbox').select('attempts').where('attempts', '>', 0).execute();
  expect(failedPublishes.length).toBeGreaterThan(0);

  const handled = await consumeUploadedKeys(kafka, u.db, new Set(committed));
  expect(handled.length).toBe(UPLOADS);
  expect(new Set(handled)).toEqual(new Set(committed));
}, 240_000);
