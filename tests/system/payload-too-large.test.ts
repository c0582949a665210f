import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ErrorBody } from '@greencommerce/contracts';
import { expectError, startService } from '@greencommerce/testing';
import { rawConnection } from './raw-http';

// Bodies over the size Bun was told to accept (auth: 64 KiB, users: 10 MiB) used to get Bun's own
// empty 413 before the app ran. The real entry points run here, over real HTTP.
const ORIGIN = 'http://localhost:3000';
const dir = path.join(tmpdir(), `gc-413-${process.pid}-${Date.now()}`);
const embedded = (name: string) => ({
  NODE_ENV: 'test',
  DATABASE_URL: path.join(dir, `${name}.sqlite`),
  JWT_KEY_FILE: path.join(dir, 'keys.json'),
  MEDIA_DIR: path.join(dir, 'media'),
  CORS_ORIGINS: ORIGIN,
});
let auth: Awaited<ReturnType<typeof startService>>;
let users: Awaited<ReturnType<typeof startService>>;
beforeAll(async () => {
  auth = await startService('auth', embedded('auth'));
  users = await startService('users', embedded('users'));
}, 30_000);
afterAll(async () => {
  for (const s of [auth, users]) {
    s.proc.kill();
    await s.proc.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function expectTooLarge(res: Response) {
  expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  const requestId = res.headers.get('x-request-id');
  expect(requestId).toBeTruthy();
  const err = await expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  expect(err.requestId).toBe(requestId as string);
}

const KiB = 1024;
const MiB = 1024 * KiB;
const filled = (n: number) => new Uint8Array(n).fill(123);
const chunkedBody = (n: number) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let sent = 0; sent < n; sent += 16 * KiB) controller.enqueue(filled(16 * KiB));
      controller.close();
    },
  });
const post = (base: string, route: string, body: Uint8Array | ReadableStream, type = 'application/json') =>
  fetch(`${base}${route}`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': type },
    body,
    duplex: 'half',
  } as RequestInit);

describe('413 over real HTTP', () => {
  test('auth: a 100 KiB login body, declared or chunked, gets the JSON 413 with request id and CORS headers', async () => {
    await expectTooLarge(await post(auth.base, '/auth/login', filled(100 * KiB)));
    await expectTooLarge(await post(auth.base, '/auth/login', chunkedBody(100 * KiB)));
  });

  test('users: an 11 MiB upload is refused by its declared length, before the token is even checked', async () => {
    await expectTooLarge(await post(users.base, '/upload', filled(11 * MiB), 'multipart/form-data; boundary=x'));
  });

  test('a 1 GiB body is answered while it is still being sent: the limit stops the reading', async () => {
    for (const framing of ['content-length', 'chunked'] as const) {
      const { status, body, sentBeforeAnswer } = await rawPost(auth.base, '/auth/login', framing, 1024 * MiB);
      expect(status).toBe(413);
      expect(ErrorBody.parse(JSON.parse(body)).error.code).toBe('PAYLOAD_TOO_LARGE');
      // What the kernel's socket buffers absorb is far below the gigabyte the server never read.
      expect(sentBeforeAnswer).toBeLessThan(256 * MiB);
    }
  }, 60_000);
});

/**
 * Streams a body over a plain socket until the server answers, and reports how much had been
 * written by then. A server that read the whole body before answering would need all of it.
 */
async function rawPost(base: string, route: string, framing: 'content-length' | 'chunked', total: number) {
  const { port } = new URL(base);
  const connection = await rawConnection(Number(port));
  let answered = false;
  void connection.firstByte.then(() => {
    answered = true;
  });
  const framingHeader = framing === 'chunked' ? 'transfer-encoding: chunked' : `content-length: ${total}`;
  // Declared as JSON, so the only thing wrong with it is its size (no 415 before the body is read).
  await connection.send(
    `POST ${route} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${framingHeader}\r\n\r\n`,
  );
  const piece = filled(64 * KiB);
  const frame =
    framing === 'chunked'
      ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
      : piece;
  let sent = 0;
  while (!answered && sent < total) {
    await connection.send(frame);
    sent += piece.length;
  }
  // The answer is complete once it starts: the server writes it whole.
  await Bun.sleep(100);
  connection.abandon();
  return { ...(await connection.response), sentBeforeAnswer: sent };
}
