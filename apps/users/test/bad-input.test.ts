import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { findUserById } from '@greencommerce/db';
import { createTestUsers, expectError, newUser, type TestUsers, tokenFor } from './support';

let u: TestUsers;
let user: Awaited<ReturnType<typeof newUser>>;
beforeAll(async () => {
  u = await createTestUsers('users_bad_input');
  user = await newUser(u.db);
});
afterAll(async () => {
  await u.drop();
});

const put = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  u.app.request('/user/update', {
    method: 'PUT',
    headers: { authorization: `Bearer ${user.token}`, ...headers },
    body,
  });

describe('hostile and malformed requests never reach a 5xx', () => {
  test('malformed JSON, non-objects, wrong types', async () => {
    await expectError(await put('{"name":'), 400, 'BAD_REQUEST');
    for (const body of ['[]', 'null', '"x"']) await expectError(await put(body), 400, 'VALIDATION_FAILED');
    const err = await expectError(
      await put(JSON.stringify({ name: 5, dayBirth: [], gender: 'X' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(err.details?.map((d) => d.path).sort()).toEqual(['dayBirth', 'gender', 'name']);
  });

  test('wrong content type is 415; a huge body is 413; nothing changes', async () => {
    await expectError(await put('{}', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(await put(JSON.stringify({ name: 'x'.repeat(50_000) })), 413, 'PAYLOAD_TOO_LARGE');
    expect((await findUserById(u.db, user.id))?.name).toBe('Ana');
  });

  test('unicode edge cases: control characters and lone surrogates are refused, emoji kept', async () => {
    await expectError(await put('{"name":"a\\u0000b"}'), 400, 'VALIDATION_FAILED');
    await expectError(await put('{"shippingAddress":"x\\ud800y"}'), 400, 'VALIDATION_FAILED');
    const ok = await put(JSON.stringify({ shippingAddress: 'Calle 😀 Ñ 山' }));
    expect(ok.status).toBe(200);
    expect((await findUserById(u.db, user.id))?.shipping_address).toBe('Calle 😀 Ñ 山');
  });

  test('tokens: none algorithm, wrong audience and a subject that is not a number are 401', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: String(user.id), exp: 9e9 })}.`;
    for (const token of [
      none,
      await tokenFor(user.id, user.email, { aud: 'other' }),
      await tokenFor(user.id, user.email, { sub: '1 OR 1=1' }),
    ]) {
      await expectError(
        await u.app.request('/user/info', { headers: { authorization: `Bearer ${token}` } }),
        401,
        'UNAUTHORIZED',
      );
    }
  });

  test('unknown routes keep the error shape', async () => {
    await expectError(await u.app.request('/user/../admin'), 404, 'NOT_FOUND');
    await expectError(await u.app.request('/user/info', { method: 'POST' }), 404, 'NOT_FOUND');
  });
});

describe('service endpoints', () => {
  test('/healthz, /readyz (database and storage), OpenAPI and docs', async () => {
    expect((await u.app.request('/healthz')).status).toBe(200);
    expect(await (await u.app.request('/readyz')).json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', storage: 'ok', outbox: 'ok' },
    });
    const doc = await (await u.app.request('/openapi.json')).json();
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/upload',
      '/user',
      '/user/info',
      '/user/notifications',
      '/user/update',
    ]);
    expect(doc.paths['/upload'].post.requestBody.content['multipart/form-data']).toBeDefined();
    expect((await u.app.request('/docs')).status).toBe(200);
  });
});
