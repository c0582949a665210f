import { describe, expect, test } from 'bun:test';
import { captureLogger, expectError } from '@greencommerce/testing';
import { AppError } from '../src/app-error';
import { createBaseApp } from '../src/create-base-app';

const SHOP = 'http://shop.test';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// Written out here rather than imported: the test is what says which headers every response carries.
const SECURITY = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'cross-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
const EXPOSED = 'X-Request-Id,Retry-After,ETag,Link,X-Total-Count';

function build() {
  const { logger, lines } = captureLogger('base');
  const app = createBaseApp({
    logger,
    corsOrigins: [SHOP],
    corsHeaders: ['X-Cart-Token'],
    maxBodyBytes: 1024,
    answerEarly: (req) =>
      req.headers.get('if-none-match') === '"early"' ? { status: 304, headers: { ETag: '"early"' } } : undefined,
  })
    .get('/ok', (c) => c.json({ ok: true }, 200, { 'Cache-Control': 'no-store', Vary: 'Accept-Encoding' }))
    .get('/not-modified', (c) => c.body(null, 304, { ETag: '"v1"' }))
    .get('/refused', () => {
      throw new AppError('FORBIDDEN', 'Not yours');
    })
    .get('/broken', () => {
      throw new Error('connection string with password=hunter2');
    })
    .post('/echo', async (c) => c.json({ size: (await c.req.arrayBuffer()).byteLength }));
  return { app, lines };
}

const bigBody = () => ({ method: 'POST', body: new Uint8Array(4096) });

const notModified: [string, string, RequestInit?][] = [
  ['a 304 from a route', '/not-modified'],
  ['a 304 answered before routing', '/ok', { headers: { 'if-none-match': '"early"' } }],
];
/** Every kind of answer with a body or a preflight: routed, errors of each origin, the body ceiling. */
const withBody: [string, string, RequestInit?][] = [
  ['a 200', '/ok'],
  ['a 404 for no route', '/nowhere'],
  ['a 403 thrown by a route', '/refused'],
  ['a 500 from an unexpected error', '/broken'],
  ['a 413 past the body ceiling', '/echo', bigBody()],
  ['a preflight', '/ok', { method: 'OPTIONS', headers: { 'access-control-request-method': 'GET' } }],
  ['a HEAD', '/ok', { method: 'HEAD' }],
];
const answers = [...withBody, ...notModified];

describe('every response but a 304 carries the security headers, a request id and CORS exposure', () => {
  for (const [what, path, init] of withBody) {
    test(what, async () => {
      const { app } = build();
      const res = await app.request(path, init);
      expect(Object.fromEntries(Object.keys(SECURITY).map((h) => [h, res.headers.get(h)]))).toEqual(SECURITY);
      expect(res.headers.get('x-request-id')).toMatch(UUID);
      expect(res.headers.get('access-control-expose-headers')).toBe(EXPOSED);
      expect(res.headers.get('vary')).toContain('Origin');
    });
  }

  // A cache keeps the stored 200's headers and updates only those a 304 carries (RFC 9111 §4.3.4).
  for (const [what, path, init] of notModified) {
    test(`${what} carries what refreshes the cached answer, the request id and CORS, and no security headers`, async () => {
      const headers = { ...(init?.headers as Record<string, string>), origin: SHOP };
      const res = await build().app.request(path, { ...init, headers });
      expect(res.status).toBe(304);
      expect(Object.keys(SECURITY).filter((h) => res.headers.has(h))).toEqual([]);
      expect(res.headers.get('etag')).toMatch(/^"(v1|early)"$/);
      expect(res.headers.get('x-request-id')).toMatch(UUID);
      expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(res.headers.get('access-control-expose-headers')).toBe(EXPOSED);
      expect(res.headers.get('vary')).toBe('Origin');
    });
  }

  test("a route's own headers are kept, Vary included, and an early answer's", async () => {
    const res = await build().app.request('/ok');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Origin');
    expect(await res.json()).toEqual({ ok: true });
    const early = await build().app.request('/ok', { headers: { 'if-none-match': '"early"' } });
    expect([early.status, early.headers.get('etag'), await early.text()]).toEqual([304, '"early"', '']);
  });
});

describe('CORS allowlist', () => {
  const preflight = (origin: string) =>
    build().app.request('/echo', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-cart-token',
      },
    });

  test('an allowlisted origin may read every kind of answer', async () => {
    for (const [what, path, init] of answers) {
      const headers = { ...(init?.headers as Record<string, string>), origin: SHOP };
      const res = await build().app.request(path, { ...init, headers });
      expect([what, res.headers.get('access-control-allow-origin')]).toEqual([what, SHOP]);
    }
  });

  test('any other origin, a look-alike or none gets no Access-Control-Allow-Origin, on any answer', async () => {
    for (const origin of ['https://evil.example', 'http://shop.test.evil.example', 'null', 'HTTP://SHOP.TEST', '']) {
      for (const [what, path, init] of answers) {
        const headers = { ...(init?.headers as Record<string, string>), ...(origin && { origin }) };
        const res = await build().app.request(path, { ...init, headers });
        expect([origin, what, res.headers.get('access-control-allow-origin')]).toEqual([origin, what, null]);
      }
    }
  });

  test('a preflight: 204 with the methods, the headers (the app’s own too) and how long to keep them', async () => {
    const res = await preflight(SHOP);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,PATCH,DELETE,OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'Authorization,Content-Type,X-Request-Id,If-Match,If-None-Match,X-Cart-Token',
    );
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('vary')).toContain('Access-Control-Request-Headers');
    expect(res.headers.get('content-type')).toBeNull();
  });

  test('a preflight from another origin is not allowed', async () => {
    const res = await preflight('https://evil.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('request ids', () => {
  test('a short, plain id from the client is kept, in the header, the error body and the log line', async () => {
    const { app, lines } = build();
    const res = await app.request('/refused', { headers: { 'x-request-id': 'trace-123_abc=' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123_abc=');
    expect((await expectError(res, 403, 'FORBIDDEN')).requestId).toBe('trace-123_abc=');
    expect(lines.map((l) => l.requestId)).toEqual(['trace-123_abc=']);
  });

  test('a long id or one with other characters is replaced by a fresh one', async () => {
    for (const given of ['x'.repeat(65), 'a b', 'a"b', 'a\\nb', 'id;drop', '<script>']) {
      const res = await build().app.request('/ok', { headers: { 'x-request-id': given } });
      expect(res.headers.get('x-request-id')).toMatch(UUID);
    }
  });

  test('fresh ids differ between requests', async () => {
    const { app } = build();
    const ids = new Set<string | null>();
    for (let i = 0; i < 50; i++) ids.add((await app.request('/ok')).headers.get('x-request-id'));
    expect(ids.size).toBe(50);
  });
});

describe('errors', () => {
  test('each one in the one shape with the request id, and a 500 says nothing of its cause', async () => {
    const { app } = build();
    for (const [path, init, status, code] of [
      ['/nowhere', undefined, 404, 'NOT_FOUND'],
      ['/refused', undefined, 403, 'FORBIDDEN'],
      ['/broken', undefined, 500, 'INTERNAL'],
      ['/echo', bigBody(), 413, 'PAYLOAD_TOO_LARGE'],
    ] as const) {
      const res = await app.request(path, init);
      const error = await expectError(res, status, code);
      expect(error.requestId).toBe(res.headers.get('x-request-id') ?? 'missing');
      expect(error.message).not.toContain('hunter2');
    }
  });

  test('a body within the ceiling reaches the route', async () => {
    const res = await build().app.request('/echo', { method: 'POST', body: new Uint8Array(1000) });
    expect(await res.json()).toEqual({ size: 1000 });
  });
});

describe('the log line', () => {
  test('one per request, whoever answered it, with its id, method, path, status and time taken', async () => {
    const { app, lines } = build();
    const ids: (string | null)[] = [];
    for (const [, path, init] of answers) ids.push((await app.request(path, init)).headers.get('x-request-id'));
    const requestLines = lines.filter((l) => l.level === 'info');
    expect(requestLines.map((l) => [l.requestId, l.method, l.path, l.status])).toEqual([
      [ids[0], 'GET', '/ok', 200],
      [ids[1], 'GET', '/nowhere', 404],
      [ids[2], 'GET', '/refused', 403],
      [ids[3], 'GET', '/broken', 500],
      [ids[4], 'POST', '/echo', 413],
      [ids[5], 'OPTIONS', '/ok', 204],
      [ids[6], 'HEAD', '/ok', 200],
      [ids[7], 'GET', '/not-modified', 304],
      [ids[8], 'GET', '/ok', 304],
    ]);
    for (const line of requestLines) expect(line.ms).toBeNumber();
    // Besides its request line, the 500 has its cause logged as an error, under the same id.
    expect(lines.filter((l) => l.level === 'error').map((l) => [l.requestId, l.msg])).toEqual([
      [ids[3], 'request failed'],
    ]);
  });

  test('the same line pino writes for those fields: level, time, service and pid first', async () => {
    const { app, lines } = build();
    await app.request('/ok');
    const { logger, lines: reference } = captureLogger('base');
    const { requestId, method, path, status, ms } = lines[0]!;
    logger.info({ requestId, method, path, status, ms });
    expect(Object.keys(lines[0]!)).toEqual(Object.keys(reference[0]!));
    expect({ ...lines[0], time: 0 }).toEqual({ ...reference[0], time: 0 });
    expect(Date.parse(lines[0]!.time as string)).toBeWithin(Date.now() - 5000, Date.now() + 1);
  });

  test('never the query string, the headers or the body', async () => {
    const { app, lines } = build();
    await app.request('/ok?token=secret-1', { headers: { authorization: 'Bearer secret-2', cookie: 'sid=secret-3' } });
    await app.request('/echo', { method: 'POST', body: 'password=secret-4' });
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toContain('secret-');
  });

  test('a path with quotes, backslashes or control characters stays one valid JSON line', async () => {
    const { app, lines } = build();
    await app.request('/a%22b%5Cc%0Ad');
    expect(lines[0]!.path).toBe('/a"b\\c\nd');
  });

  test('nothing is written when the level is above info', async () => {
    const { logger, lines } = captureLogger('base');
    logger.level = 'warn';
    await createBaseApp({ logger, corsOrigins: [] }).request('/anything');
    expect(lines).toEqual([]);
  });
});
