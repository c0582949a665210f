import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { insertOutboxRow, parkOutboxRow } from '@greencommerce/db';
import { createTestAuth, expectError, postJson, registration, type TestAuth, uniqueEmail } from './support';

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth('auth_bad_input');
});
afterAll(async () => {
  await auth.drop();
});

const endpoints = [
  '/auth/register',
  '/auth/login',
  '/auth/refresh',
  '/auth/logout',
  '/auth/verify-email',
  '/auth/password-reset',
  '/auth/password-reset/confirm',
];

describe('hostile and malformed requests never reach a 5xx', () => {
  test.each(endpoints)('%s: malformed JSON is 400', async (path) => {
    await expectError(await postJson(auth.app, path, '{"email": '), 400, 'BAD_REQUEST');
  });

  test.each(endpoints)('%s: JSON that is not an object is 400', async (path) => {
    for (const body of ['[]', 'null', '42', '"text"']) {
      await expectError(await postJson(auth.app, path, body), 400, 'VALIDATION_FAILED');
    }
  });

  test.each(endpoints)('%s: wrong content type is 415', async (path) => {
    const res = await auth.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    await expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const none = await auth.app.request(path, { method: 'POST', body: '{}' });
    await expectError(none, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test.each(endpoints)('%s: a huge body is 413 and nothing is written', async (path) => {
    const email = uniqueEmail('huge');
    const body = JSON.stringify(registration(email, { name: 'x'.repeat(100_000) }));
    await expectError(await postJson(auth.app, path, body), 413, 'PAYLOAD_TOO_LARGE');
    const rows = await auth.db.selectFrom('users').select('id').where('email', '=', email).execute();
    expect(rows).toHaveLength(0);
  });

  test('a huge body with no Content-Length is still cut off at the limit', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(8192));
    let sent = 0;
    const stream = new ReadableStream({
      pull(c) {
        if (sent++ < 100) c.enqueue(chunk);
        else c.close();
      },
    });
    const res = await auth.app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  test('wrong types are 400 with field details', async () => {
    const err = await expectError(
      await postJson(
        auth.app,
        '/auth/register',
        registration(uniqueEmail(), { dayBirth: true, name: 7, gender: null }),
      ),
      400,
      'VALIDATION_FAILED',
    );
    expect(err.details?.map((d) => d.path).sort()).toEqual(['dayBirth', 'gender', 'name']);
  });

  test('SQL-looking strings are data, not code', async () => {
    const email = uniqueEmail();
    const res = await postJson(
      auth.app,
      '/auth/register',
      registration(email, { name: "Robert'); DROP TABLE users;--" }),
    );
    expect(res.status).toBe(201);
    await expectError(await postJson(auth.app, '/auth/login', { email: "' OR 1=1 --", password: "' OR '1'='1" }), 401);
    expect((await auth.db.selectFrom('users').select('name').where('email', '=', email).executeTakeFirst())?.name).toBe(
      "Robert'); DROP TABLE users;--",
    );
  });

  test('link and reset routes: hostile field values are 400 in the one shape, and nothing is written', async () => {
    const counts = async () =>
      Promise.all(
        (['users', 'account_tokens', 'outbox', 'refresh_tokens', 'rate_limits'] as const).map(async (t) =>
          Number(
            (
              await auth.db
                .selectFrom(t)
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirst()
            )?.n,
          ),
        ),
      );
    const tokens: unknown[] = [null, 42, true, [], {}, ['x'], '', '   ', 'x'.repeat(201), { $ne: null }];
    const emails: unknown[] = [null, 42, [], {}, '', 'no-at-sign', `${'a'.repeat(101)}@example.com`, 'a@b.c\u0000'];
    const passwords: unknown[] = [null, 42, [], '', 'short', 'x'.repeat(129)];
    const cases: [string, unknown][] = [
      ...tokens.map((token) => ['/auth/verify-email', { token }] as [string, unknown]),
      ['/auth/verify-email', {}],
      ...emails.map((email) => ['/auth/password-reset', { email }] as [string, unknown]),
      ['/auth/password-reset', { email: ["' OR 1=1 --"] }],
      ['/auth/password-reset', {}],
      ...tokens.map(
        (token) => ['/auth/password-reset/confirm', { token, password: 'long enough password' }] as [string, unknown],
      ),
      ...passwords.map(
        (password) => ['/auth/password-reset/confirm', { token: 'x'.repeat(43), password }] as [string, unknown],
      ),
      ['/auth/password-reset/confirm', { token: 'x'.repeat(43) }],
      ['/auth/password-reset/confirm', { __proto__: { token: 'x' }, password: 'long enough password' }],
    ];
    const before = await counts();
    for (const [path, body] of cases) {
      const res = await postJson(auth.app, path, JSON.stringify(body));
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
      await expectError(res, 400, 'VALIDATION_FAILED');
    }
    // Well-formed but unknown tokens: 400 too (a dead link), still with nothing written.
    for (const token of ['x'.repeat(43), "'; DROP TABLE account_tokens;--", 'a\ud800b', '\u0000'.repeat(10)]) {
      await expectError(await postJson(auth.app, '/auth/verify-email', { token }), 400, 'BAD_REQUEST');
      await expectError(
        await postJson(auth.app, '/auth/password-reset/confirm', { token, password: 'long enough password' }),
        400,
        'BAD_REQUEST',
      );
    }
    expect(await counts()).toEqual(before);
  });

  test('unknown routes and methods get the same error shape', async () => {
    await expectError(await auth.app.request('/nope'), 404, 'NOT_FOUND');
    await expectError(await auth.app.request('/auth/login'), 404, 'NOT_FOUND');
  });

  test('forged or missing bearer tokens on a protected route are 401', async () => {
    const body = { currentPassword: 'x', newPassword: 'long enough password' };
    for (const authorization of ['', 'Bearer', 'Bearer x.y.z', 'Basic dXNlcjpwYXNz', `Bearer ${'a'.repeat(5000)}`]) {
      await expectError(await postJson(auth.app, '/auth/password', body, { authorization }), 401, 'UNAUTHORIZED');
    }
  });

  test('error bodies carry the request id that the response header names', async () => {
    const res = await postJson(auth.app, '/auth/login', '{');
    const err = await expectError(res, 400);
    expect(err.requestId).toBe(res.headers.get('x-request-id') ?? 'missing');
  });
});

describe('service endpoints', () => {
  test('/healthz and /readyz', async () => {
    expect(await (await auth.app.request('/healthz')).json()).toEqual({ status: 'ok', pid: process.pid });
    expect(await (await auth.app.request('/readyz')).json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', outbox: 'ok' },
    });
  });

  test('/readyz reports parked outbox rows without going unready: they need an operator, not a restart', async () => {
    await insertOutboxRow(auth.db, { event_id: crypto.randomUUID(), topic: 'gone', event_key: 'k', payload: '{}' });
    const [row] = await auth.db.selectFrom('outbox').select('id').where('topic', '=', 'gone').execute();
    await parkOutboxRow(auth.db, row!.id, new Error('UNKNOWN_TOPIC_OR_PARTITION'), new Date());
    try {
      const res = await auth.app.request('/readyz');
      expect(res.status).toBe(200);
      expect((await res.json()).checks.outbox).toBe(
        `1 parked; oldest #${row!.id} (gone): Error: UNKNOWN_TOPIC_OR_PARTITION`,
      );
    } finally {
      await auth.db.deleteFrom('outbox').where('id', '=', row!.id).execute();
    }
  });

  test('OpenAPI 3.1 from the routes, and docs', async () => {
    const doc = await (await auth.app.request('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/auth/register'].post.requestBody.content['application/json'].schema.required).toContain('email');
    expect(doc.paths['/auth/login'].post.responses['401'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ErrorBody',
    });
    expect(doc.components.schemas.ErrorBody.properties.error).toBeDefined();
    expect((await auth.app.request('/docs')).headers.get('content-type')).toContain('text/html');
  });

  test('CORS answers allowed origins only', async () => {
    const preflight = (origin: string) =>
      auth.app.request('/auth/login', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    expect((await preflight('http://localhost:3000')).headers.get('access-control-allow-origin')).toBe(
      'http://localhost:3000',
    );
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
