import { afterEach, describe, expect, test } from 'bun:test';
import { NextRequest } from 'next/server';
import type { Refresher } from '../../src/lib/refresh-once';
import { ACCESS_COOKIE, REFRESH_COOKIE, URL_HEADER } from '../../src/lib/session-cookies';
import { proxy } from '../../src/proxy';

// The proxy asks the process's shared refresher (lib/auth-refresh.ts); the test puts a fake in its place.
const KEY = Symbol.for('greencommerce.storefront.refresher');
const holder = globalThis as { [KEY]?: Refresher };
afterEach(() => {
  delete holder[KEY];
});

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const accessToken = (expSeconds: number) =>
  `${b64url('{"alg":"ES256"}')}.${b64url(JSON.stringify({ sub: '1', roles: ['customer'], exp: expSeconds }))}.sig`;
const now = () => Math.floor(Date.now() / 1000);

function request(cookies: Record<string, string>, host = '127.0.0.1:3000') {
  const cookie = Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  return new NextRequest(`http://${host}/productos?q=te`, { headers: { cookie, host } });
}

/** What the page rendered after the proxy sees: NextResponse.next passes request headers as x-middleware-request-*. */
const forwardedCookie = (res: Response) => res.headers.get('x-middleware-request-cookie') ?? '';

describe('proxy', () => {
  test('an expired access token is exchanged, stored for the browser and used for this render', async () => {
    const seen: string[] = [];
    holder[KEY] = async (rt) => {
      seen.push(rt);
      return { token: accessToken(now() + 900), refreshToken: 'r2', expiresIn: 900 };
    };
    const res = await proxy(request({ [ACCESS_COOKIE]: accessToken(now() - 5), [REFRESH_COOKIE]: 'r1' }));
    expect(seen).toEqual(['r1']);
    const setCookie = res.headers.getSetCookie().join('\n');
    expect(setCookie).toContain(`${REFRESH_COOKIE}=r2`);
    expect(setCookie).toMatch(
      new RegExp(`${ACCESS_COOKIE}=[^;]+; Path=/; Expires=[^;]+; Max-Age=900; HttpOnly; SameSite=lax`),
    );
    expect(setCookie).not.toContain('Secure');
    expect(forwardedCookie(res)).toContain(`${REFRESH_COOKIE}=r2`);
    expect(res.headers.get(`x-middleware-request-${URL_HEADER}`)).toBe('/productos?q=te');
  });

  test('a missing access token with a refresh token is refreshed too; off localhost the cookies are Secure', async () => {
    holder[KEY] = async () => ({ token: accessToken(now() + 900), refreshToken: 'r2', expiresIn: 900 });
    const res = await proxy(request({ [REFRESH_COOKIE]: 'r1' }, 'shop.example.com'));
    expect(res.headers.getSetCookie().every((c) => c.includes('Secure'))).toBe(true);
  });

  test('a live access token is left alone', async () => {
    let calls = 0;
    holder[KEY] = async () => {
      calls++;
      return { token: accessToken(now() + 900), refreshToken: 'r2', expiresIn: 900 };
    };
    const res = await proxy(request({ [ACCESS_COOKIE]: accessToken(now() + 600), [REFRESH_COOKIE]: 'r1' }));
    expect(calls).toBe(0);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  test('a refused refresh token ends the session, for the browser and for this render', async () => {
    holder[KEY] = async () => null;
    const res = await proxy(request({ [ACCESS_COOKIE]: accessToken(now() - 5), [REFRESH_COOKIE]: 'spent' }));
    const setCookie = res.headers.getSetCookie().join('\n');
    expect(setCookie).toContain(`${ACCESS_COOKIE}=;`);
    expect(setCookie).toContain(`${REFRESH_COOKIE}=;`);
    expect(forwardedCookie(res)).not.toContain(REFRESH_COOKIE);
  });

  test('an auth service that does not answer keeps the session for the next request to retry', async () => {
    holder[KEY] = async () => {
      throw new Error('connection refused');
    };
    const res = await proxy(request({ [ACCESS_COOKIE]: accessToken(now() - 5), [REFRESH_COOKIE]: 'r1' }));
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(forwardedCookie(res)).toContain(`${REFRESH_COOKIE}=r1`);
  });
});
