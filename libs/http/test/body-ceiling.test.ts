import { afterAll, expect, test } from 'bun:test';
import { expectError } from '@greencommerce/testing';
import { validator } from 'hono/validator';
import { createBaseApp } from '../src/create-base-app';
import { createLogger } from '../src/logger';
import { limitBody } from '../src/validation';

const ORIGIN = 'http://shop.test';
// A route with no limit of its own that reads its whole body: only the app-wide ceiling bounds it.
const app = createBaseApp({
  logger: createLogger('test', { level: 'silent' }),
  corsOrigins: [ORIGIN],
  maxBodyBytes: 64 * 1024,
})
  .post('/echo-size', async (c) => c.json({ size: (await c.req.arrayBuffer()).byteLength }))
  // Only the ceiling bounds it too, but hono's JSON validator (under every OpenAPI route) reads the
  // body and turns any failed read into a 400.
  .post(
    '/json',
    validator('json', (value) => value),
    (c) => c.json(c.req.valid('json')),
  )
  // Answers with the first chunk it reads, before the client has sent the rest.
  .post('/first-chunk', limitBody(32 * 1024), async (c) => {
    const first = await c.req.raw.body?.getReader().read();
    return c.json({ size: first?.value?.byteLength ?? 0 });
  });
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

test('a chunked JSON body over the ceiling is a 413, not the validator\'s "Malformed JSON" 400', async () => {
  const json = new TextEncoder().encode(JSON.stringify({ note: 'a'.repeat(200 * 1024) }));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < json.byteLength; at += 16 * 1024) controller.enqueue(json.subarray(at, at + 16 * 1024));
      controller.close();
    },
  });
  await expectTooLarge(
    await fetch(`${server.url.href}json`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit),
  );
});

test('limitBody streams a chunked body to the route instead of holding it until the client is done', async () => {
  // The client keeps its body open until the answer arrives (or gives up after a while, so a
  // buffering limit fails this test instead of hanging it).
  const { promise: answered, resolve: answer } = Promise.withResolvers<void>();
  let closedBeforeAnswer = false;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(bytes(1024));
      closedBeforeAnswer = await Promise.race([answered.then(() => false), Bun.sleep(3000).then(() => true)]);
      controller.close();
    },
  });
  const res = await fetch(`${server.url.href}first-chunk`, { method: 'POST', body, duplex: 'half' } as RequestInit);
  answer();
  expect(await res.json()).toEqual({ size: 1024 });
  expect(closedBeforeAnswer).toBe(false);
});
