import { afterAll, beforeAll, expect, test } from 'bun:test';
import { findUserById, rateLimitKey } from '@greencommerce/db';
import { createKafka, kafkaPublisher, OutboxRelay } from '@greencommerce/events';
import {
  createMysqlTestDb,
  httpClient,
  images,
  newUser,
  registerAndLogin,
  signingKey,
  startService,
  TEST_JWT_ENV,
  TEST_KAFKA_BROKERS,
  type TestDb,
  testBucket,
} from '@greencommerce/testing';
import { rawConnection } from './raw-http';
import { consumeUploadedKeys } from './support';

// Fault: SIGTERM to the real service processes (src/main.ts) while requests are in flight.
let usersDb: TestDb;
let authDb: TestDb;
let bucket: Awaited<ReturnType<typeof testBucket>>;
let authKeys: string;
beforeAll(async () => {
  usersDb = await createMysqlTestDb('fault_shutdown');
  authDb = await createMysqlTestDb('fault_shutdown_auth');
  bucket = await testBucket('fault_shutdown');
  authKeys = JSON.stringify([await signingKey()]);
});
afterAll(async () => {
  await usersDb.drop();
  await authDb.drop();
  await bucket.drop();
});

const usersEnv = () => ({
  ...TEST_JWT_ENV,
  NODE_ENV: 'test',
  DATABASE_URL: usersDb.url,
  KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
  ...bucket.env,
});

test('SIGTERM under load: in-flight uploads finish, the relay stops cleanly, no event is lost or invented', async () => {
  // Thirty uploads of one account in flight: past the default of two per account, which would refuse them.
  const { proc, base } = await startService('users', { ...usersEnv(), UPLOADS_PER_ACCOUNT: '30' });

  const user = await newUser(usersDb.db);
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
  const rows = await usersDb.db.selectFrom('outbox').select(['payload', 'sent_at']).execute();
  const outboxKeys = rows.map((r) => JSON.parse(r.payload).data.key).filter(Boolean);
  expect(outboxKeys.sort()).toEqual([...committed].sort());

  // Whatever the stopped relay left pending goes out now; a deduplicating consumer sees each once.
  const kafka = createKafka(TEST_KAFKA_BROKERS, 'fault-shutdown');
  const publisher = kafkaPublisher(kafka);
  const relay = new OutboxRelay({ db: usersDb.db, publisher });
  while ((await relay.drainOnce()) > 0) {}
  await publisher.close();
  const handled = await consumeUploadedKeys(kafka, usersDb.db, new Set(committed));
  expect(handled.sort()).toEqual([...committed].sort());
}, 120_000);

test('SIGTERM while logins wait for password hashing: every accepted login still answers 200', async () => {
  const { proc, base } = await startService(
    'auth',
    // One process with one hashing slot, so that the logins queue (workers.test.ts covers a supervisor's drain).
    {
      NODE_ENV: 'production',
      DATABASE_URL: authDb.url,
      JWT_PRIVATE_KEYS: authKeys,
      AUTH_WORKERS: '1',
      HASH_CONCURRENCY: '1',
      // An account's attempt slots are taken before hashing, so 12 parallel logins to one account
      // would meet its limit (429 by design); this test is about the drain, not the limit.
      LOGIN_ACCOUNT_FAILURE_LIMIT: '100',
    },
    'pipe',
  );
  const { email } = await registerAndLogin(httpClient(base));
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
  await Bun.sleep(60);
  proc.kill('SIGTERM');
  const statuses = await Promise.all(inFlight);
  expect(await proc.exited).toBe(0);
  expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(1);
  expect(statuses.filter((s) => s !== 200 && s !== 0)).toEqual([]);
  expect(await new Response(proc.stderr).text()).not.toContain('request failed');
}, 60_000);

test('SIGTERM after clients gave up: logins still waiting for hashing finish their writes before the pool closes', async () => {
  // Its own client address and a day-long window (the longest allowed), so the attempts counter below counts only this test's logins.
  const ip = '198.51.100.7';
  const { proc, base } = await startService(
    'auth',
    {
      NODE_ENV: 'production',
      DATABASE_URL: authDb.url,
      JWT_PRIVATE_KEYS: authKeys,
      AUTH_WORKERS: '1',
      HASH_CONCURRENCY: '1',
      TRUST_PROXY: 'true',
      LOGIN_IP_LIMIT: '1000',
      LOGIN_IP_WINDOW_SECONDS: String(24 * 3600),
      LOGIN_ACCOUNT_FAILURE_LIMIT: '100',
    },
    'pipe',
  );
  const { email } = await registerAndLogin(httpClient(base));
  const countRows = async (table: 'refresh_tokens') =>
    Number((await authDb.db.selectFrom(table).select(authDb.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const ipHits = async () =>
    Number(
      (
        await authDb.db
          .selectFrom('rate_limits')
          .select('hits')
          .where('bucket_key', '=', rateLimitKey({ scope: 'login:ip', subject: ip }))
          .executeTakeFirst()
      )?.hits ?? 0,
    );
  const sessionsBefore = await countRows('refresh_tokens');
  const body = JSON.stringify({ email, password: 'correct horse battery' });
  const logins = 8;
  const clients = await Promise.all(
    Array.from({ length: logins }, async () => {
      const c = await rawConnection(Number(new URL(base).port));
      await c.send(
        `POST /auth/login HTTP/1.1\r\nhost: auth\r\ncontent-type: application/json\r\nx-forwarded-for: ${ip}\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      return c;
    }),
  );
  // Every login has begun (each counts against its IP first); most now wait for the one hashing slot.
  const deadline = Date.now() + 30_000;
  while ((await ipHits()) < logins) {
    if (Date.now() > deadline) throw new Error(`only ${await ipHits()} of ${logins} logins reached the IP counter`);
    await Bun.sleep(10);
  }
  for (const c of clients) c.abandon();
  // No connection is left open, so the server stops at once: only the drain waits for these handlers.
  proc.kill('SIGTERM');
  expect(await proc.exited).toBe(0);
  expect((await countRows('refresh_tokens')) - sessionsBefore).toBe(logins);
  expect(await new Response(proc.stderr).text()).not.toContain('request failed');
}, 60_000);

test('SIGTERM while a request is still arriving: it completes with 200 and its write reaches the database', async () => {
  const user = await newUser(usersDb.db);
  const { proc, base } = await startService('users', usersEnv(), 'pipe');
  const body = JSON.stringify({ name: 'Drained' });
  const slow = await rawConnection(Number(new URL(base).port));
  // Headers and half the body: the handler has started and now waits for the rest.
  await slow.send(
    `PUT /user/update HTTP/1.1\r\nhost: users\r\nauthorization: Bearer ${user.token}\r\n` +
      `content-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body.slice(0, 6)}`,
  );
  await Bun.sleep(200);
  proc.kill('SIGTERM');
  // The server has stopped listening before the request ends; the request must still be served in full.
  while (
    await fetch(`${base}/healthz`).then(
      () => true,
      () => false,
    )
  )
    await Bun.sleep(20);
  await slow.send(body.slice(6));
  const res = await slow.response;
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body)).toMatchObject({ name: 'Drained' });
  expect((await findUserById(usersDb.db, user.id))?.name).toBe('Drained');
  expect(await proc.exited).toBe(0);
  expect(await new Response(proc.stderr).text()).not.toContain('request failed');
}, 60_000);
