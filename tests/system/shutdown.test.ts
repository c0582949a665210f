import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createTestAuth, registerAndLogin, type TestAuth } from '@greencommerce/auth/testing';
import { createKafka, kafkaPublisher, OutboxRelay } from '@greencommerce/events';
import { TEST_KAFKA_BROKERS } from '@greencommerce/events/testing';
import {
  createTestUsers,
  images,
  newUser,
  S3_ENDPOINT,
  TEST_JWT_ENV,
  type TestUsers,
} from '@greencommerce/users/testing';
import { consumeUploadedKeys, startService } from './support';

// Fault: SIGTERM to the real service processes (src/main.ts) while requests are in flight.
let u: TestUsers;
let a: TestAuth;
beforeAll(async () => {
  u = await createTestUsers('fault_shutdown');
  a = await createTestAuth('fault_shutdown_auth');
});
afterAll(async () => {
  await u.drop();
  await a.drop();
});

test('SIGTERM under load: in-flight uploads finish, the relay stops cleanly, no event is lost or invented', async () => {
  const { proc, base } = await startService('users', {
    ...TEST_JWT_ENV,
    NODE_ENV: 'test',
    DATABASE_URL: u.dbUrl,
    KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
    S3_ENDPOINT,
    S3_BUCKET: u.bucket,
    S3_ACCESS_KEY_ID: 'test',
    S3_SECRET_ACCESS_KEY: 'test',
  });

  const user = await newUser(u.db);
  const upload = async () => {
    const form = new FormData();
    form.append('image', new File([images.bigJpeg(512 * 1024)], 'big.jpg'));
    try {
      const res = await fetch(`${base}/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}` },
        body: form,
      });
      return { status: res.status, key: res.status === 201 ? ((await res.json()) as { key: string }).key : undefined };
    } catch {
      // Sent after the server stopped listening: refused before it began, which is allowed.
      return { status: 0, key: undefined };
    }
  };
  const inFlight = Array.from({ length: 30 }, () => upload());
  await Bun.sleep(150);
  proc.kill('SIGTERM');
  const results = await Promise.all(inFlight);
  expect(await proc.exited).toBe(0);

  const committed = results.flatMap((r) => (r.key ? [r.key] : []));
  expect(committed.length).toBeGreaterThan(0);
  // Every answer is complete: a finished upload, or a connection never accepted. No 5xx, no cut-off.
  expect(results.filter((r) => r.status !== 201 && r.status !== 0)).toEqual([]);

  // The outbox holds exactly one event per finished upload, none half-sent, none for refused ones.
  const rows = await u.db.selectFrom('outbox').select(['payload', 'sent_at']).execute();
  const outboxKeys = rows.map((r) => JSON.parse(r.payload).data.key).filter(Boolean);
  expect(outboxKeys.sort()).toEqual([...committed].sort());

  // Whatever the stopped relay left pending goes out now; a deduplicating consumer sees each once.
  const kafka = createKafka(TEST_KAFKA_BROKERS, 'fault-shutdown');
  const publisher = kafkaPublisher(kafka);
  const relay = new OutboxRelay({ db: u.db, publisher });
  while ((await relay.drainOnce()) > 0) {}
  await publisher.close();
  const handled = await consumeUploadedKeys(kafka, u.db, new Set(committed));
  expect(handled.sort()).toEqual([...committed].sort());
}, 120_000);

test('SIGTERM while logins wait for password hashing: every accepted login still answers 200', async () => {
  const { email } = await registerAndLogin(a.app);
  const { proc, base } = await startService(
    'auth',
    { NODE_ENV: 'production', DATABASE_URL: a.dbUrl, JWT_PRIVATE_KEYS: JSON.stringify(a.keys), HASH_CONCURRENCY: '1' },
    'pipe',
  );
  const login = () =>
    fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery' }),
    }).then(
      (r) => r.status,
      () => 0,
    );
  // One hash at a time: most of these are still queued when the signal arrives.
  const inFlight = Array.from({ length: 12 }, login);
  // Clients that give up do not stop the work they started; queued behind the others, these
  // are still running after the last answered login, and must still finish cleanly.
  const impatient = new AbortController();
  const abandoned = Array.from({ length: 6 }, () =>
    fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery' }),
      signal: impatient.signal,
    }).catch(() => {}),
  );
  await Bun.sleep(60);
  impatient.abort();
  await Promise.all(abandoned);
  proc.kill('SIGTERM');
  const statuses = await Promise.all(inFlight);
  expect(await proc.exited).toBe(0);
  expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(1);
  expect(statuses.filter((s) => s !== 200 && s !== 0)).toEqual([]);
  // No request, answered or abandoned, ran into pools already closed by the shutdown.
  expect(await new Response(proc.stderr).text()).not.toContain('request failed');
}, 60_000);
