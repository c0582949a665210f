import { afterAll, beforeAll, expect, test } from 'bun:test';
import { pendingOutboxRows } from '@greencommerce/db';
import { createKafka, kafkaPublisher, OutboxRelay } from '@greencommerce/events';
import {
  createMysqlTestDb,
  images,
  infra,
  newUser,
  type Service,
  startService,
  TEST_JWT_ENV,
  TEST_KAFKA_BROKERS,
  type TestDb,
  testBucket,
} from '@greencommerce/testing';
import { consumeUploadedKeys, uploadTo } from './support';

// Fault: the real broker stops in the middle of a stream of 300 uploads and comes back.
const UPLOADS = 300;
// The service runs without brokers (its relay idle): the relay under test is this file's own.
let db: TestDb;
let bucket: Awaited<ReturnType<typeof testBucket>>;
let service: Service;
beforeAll(async () => {
  db = await createMysqlTestDb('fault_kafka');
  bucket = await testBucket('fault_kafka');
  service = await startService('users', { ...TEST_JWT_ENV, NODE_ENV: 'test', DATABASE_URL: db.url, ...bucket.env });
});
afterAll(async () => {
  service.proc.kill();
  await service.proc.exited;
  await db.drop();
  await bucket.drop();
});

test('Kafka outage during 300 uploads: every committed upload has exactly one ImageUploaded after dedup', async () => {
  const kafka = createKafka(TEST_KAFKA_BROKERS, 'fault-kafka');
  const publisher = kafkaPublisher(kafka);
  const relay = new OutboxRelay({ db: db.db, publisher, pollMs: 50, maxBackoffMs: 1000 });
  relay.start();
  const users = await Promise.all(Array.from({ length: 4 }, () => newUser(db.db)));
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
      const res = await uploadTo(service.base, user.token, images.png((n % 50) + 1, 1));
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
  while ((await pendingOutboxRows(db.db, 1)).length > 0 && Date.now() < deadline) await Bun.sleep(200);
  await relay.stop();
  await publisher.close();
  expect(await pendingOutboxRows(db.db, 1)).toHaveLength(0);
  // The relay met the outage: publishes failed while the broker was down (a broker that never went
  // down, such as a server these scripts did not start, would leave every row at zero).
  // An outage is recorded as the row's last_error, never as an attempt against the row.
  const failedPublishes = await db.db.selectFrom('outbox').select('id').where('last_error', 'is not', null).execute();
  expect(failedPublishes.length).toBeGreaterThan(0);

  const handled = await consumeUploadedKeys(kafka, db.db, new Set(committed));
  expect(handled.length).toBe(UPLOADS);
  expect(new Set(handled)).toEqual(new Set(committed));
}, 240_000);
