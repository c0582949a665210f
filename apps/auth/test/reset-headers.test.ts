import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createTestAuth, postJson, registration, type TestAuth, uniqueEmail } from './support';

// Only the request id (per request) and the date may differ: any other header that differs between an
// account's address and an unknown one (a length, a cookie, a timing header) tells which is which.
const comparable = (h: Headers) =>
  Object.entries(h.toJSON())
    .filter(([k]) => k !== 'x-request-id' && k !== 'date')
    .sort(([a], [b]) => a.localeCompare(b));

describe.each(['mariadb', 'sqlite'] as const)('reset request headers, on %s', (dialect) => {
  let auth: TestAuth;
  beforeAll(async () => {
    auth = await createTestAuth(`auth_reset_headers_${dialect}`, { limits: { resetEmailLimit: 1 } }, { dialect });
  });
  afterAll(async () => {
    await auth.drop();
  });

  test('202 and 429 carry the same headers for an account and an unknown address', async () => {
    const email = uniqueEmail('hdr');
    expect((await postJson(auth.app, '/auth/register', registration(email))).status).toBe(201);
    const unknown = uniqueEmail('nobody');
    for (const expected of [202, 429]) {
      const known = await postJson(auth.app, '/auth/password-reset', { email }, { 'x-forwarded-for': '198.51.100.1' });
      const missing = await postJson(
        auth.app,
        '/auth/password-reset',
        { email: unknown },
        { 'x-forwarded-for': '198.51.100.2' },
      );
      expect([known.status, missing.status]).toEqual([expected, expected]);
      expect(comparable(missing.headers)).toEqual(comparable(known.headers));
      const body = async (r: Response) => (await r.text()).replace(/"requestId":"[^"]+"/, '');
      expect(await body(missing)).toBe(await body(known));
    }
  });
});
