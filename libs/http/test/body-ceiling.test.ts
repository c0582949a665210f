import { afterAll, expect, test } from 'bun:test';
import { createBaseApp } from '../src/create-base-app';
import { createLogger } from '../src/logger';
import { expectError } from '../src/testing';

const ORIGIN = 'http://shop.test';
// A route with no limit of its own that reads its whole body: only the app-wide ceiling bounds it.
const app = createBaseApp({
  logger: createLogger('test', { level: 'silent' }),
  corsOrigins: [ORIGIN],
  maxBodyBytes: 64 * 1024,
}).post('/echo-size', async (c) => c.json({ size: (await c.req.arrayBuffer()).byteLength }));
const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch });
afterAll(() => server.stop(true));

const url = `${server.url.href}echo-size`;
const bytes = (n: number) => new Uint8Array(n).fill(97);
/** A body without Content-Length: fetch sends it chunked. */
const chunked = (n: number) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let sent = 0; sent < n; sent += 16 * 1024) controller.enqueue(bytes(16 * 1024));
      controller.close();
    },
  });

async function expectTooLarge(res: Response) {
  expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  const requestId = res.headers.get('x-request-id');
  const err = await expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  expect(err.requestId).toBe(requestId ?? 'missing');
}

test('a declared length over the ceiling: 413 in the error shape, with request id and CORS headers', async () => {
  await expectTooLarge(await fetch(url, { method: 'POST', headers: { origin: ORIGIN }, body: bytes(200 * 1024) }));
});

test('a chunked body over the ceiling: the read fails with the same 413', async () => {
  await expectTooLarge(
    await fetch(url, {
      method: 'POST',
      headers: { origin: ORIGIN },
      body: chunked(200 * 1024),
      duplex: 'half',
    } as RequestInit),
  );
});

test('bodies within the ceiling, declared or chunked, reach the route whole', async () => {
  for (const body of [bytes(48 * 1024), chunked(48 * 1024)]) {
    const res = await fetch(url, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(await res.json()).toEqual({ size: 48 * 1024 });
  }
});
