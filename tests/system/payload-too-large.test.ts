import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ErrorBody } from '@greencommerce/contracts';
import { expectError } from '@greencommerce/http/testing';
import { startService } from './support';

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
});
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
 * Streams a body over a plain socket and stops as soon as the answer comes, reporting how much
 * had been written by then. A server that read the whole body before answering would need all of it.
 */
function rawPost(base: string, route: string, framing: 'content-length' | 'chunked', total: number) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; body: string; sentBeforeAnswer: number }>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let sent = 0;
    let answer = '';
    let answeredAt = -1;
    const piece = filled(64 * KiB);
    const frame =
      framing === 'chunked'
        ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
        : piece;
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`connection closed before a full answer: ${JSON.stringify(answer)}`)));
    socket.on('data', (data) => {
      if (answeredAt < 0) answeredAt = sent;
      answer += data;
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? -1);
      if (length >= 0 && Buffer.byteLength(body) >= length) {
        socket.destroy();
        resolve({ status: Number(head.split(' ')[1]), body, sentBeforeAnswer: answeredAt });
      }
    });
    const lengthHeader = framing === 'chunked' ? 'transfer-encoding: chunked' : `content-length: ${total}`;
    socket.write(
      `POST ${route} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\n${lengthHeader}\r\n\r\n`,
    );
    const pump = () => {
      while (answeredAt < 0 && !socket.destroyed && sent < total) {
        sent += piece.length;
        if (!socket.write(frame)) return void socket.once('drain', pump);
      }
    };
    pump();
  });
}
