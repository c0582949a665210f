import { afterEach, expect, test } from 'bun:test';
import { NextRequest } from 'next/server';
import { needsSignIn, signInRedirect } from '../../src/lib/protected-paths';
import type { Refresher } from '../../src/lib/refresh-once';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../src/lib/session-cookies';
import { proxy } from '../../src/proxy';

const KEY = Symbol.for('greencommerce.storefront.refresher');
const holder = globalThis as { [KEY]?: Refresher };
afterEach(() => {
  delete holder[KEY];
});

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const accessToken = (expSeconds: number) =>
  `${b64url('{"alg":"ES256"}')}.${b64url(JSON.stringify({ sub: '1', roles: ['customer'], exp: expSeconds }))}.sig`;
const now = () => Math.floor(Date.now() / 1000);

function request(path: string, cookies: Record<string, string> = {}, method = 'GET') {
  const cookie = Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  return new NextRequest(`http://127.0.0.1:3000${path}`, { method, headers: { cookie, host: '127.0.0.1:3000' } });
}

test('the account pages, and only they, need a signed-in user', () => {
  for (const p of [
    '/perfil',
    '/checkout',
    '/checkout/pago/x',
    '/pedidos',
    '/pedidos/abc',
    '/admin',
    '/admin/productos/3',
  ]) {
    expect(needsSignIn(p)).toBe(true);
  }
  for (const p of ['/', '/productos', '/carrito', '/login', '/perfiles', '/administrar', '/pedidosx']) {
    expect(needsSignIn(p)).toBe(false);
  }
  expect(signInRedirect('GET', '/pedidos/abc', '?pago=procesando')).toBe(
    '/login?volver=%2Fpedidos%2Fabc%3Fpago%3Dprocesando',
  );
  expect(signInRedirect('HEAD', '/perfil', '')).toBe('/login?volver=%2Fperfil');
  expect(signInRedirect('POST', '/checkout', '')).toBeNull();
  expect(signInRedirect('GET', '/productos', '')).toBeNull();
});

test('a guest opening an account page is redirected to log in before the page renders', async () => {
  const res = await proxy(request('/pedidos?cursor=abc'));
  expect(res.status).toBe(307);
  // Next makes this same-origin URL a relative Location on its way out (checked against next start by hand).
  const location = new URL(res.headers.get('location') ?? '');
  expect(location.pathname + location.search).toBe('/login?volver=%2Fpedidos%3Fcursor%3Dabc');
  // A Server Action posted by an ended session is answered by the action itself.
  expect((await proxy(request('/checkout', {}, 'POST'))).status).toBe(200);
  expect((await proxy(request('/productos'))).status).toBe(200);
});

test('a session whose refresh is refused is redirected too, and its cookies go', async () => {
  holder[KEY] = async () => null;
  const res = await proxy(request('/perfil', { [ACCESS_COOKIE]: accessToken(now() - 5), [REFRESH_COOKIE]: 'spent' }));
  expect(res.status).toBe(307);
  const setCookie = res.headers.getSetCookie().join('\n');
  expect(setCookie).toContain(`${ACCESS_COOKIE}=;`);
  expect(setCookie).toContain(`${REFRESH_COOKIE}=;`);
});

test('a signed-in user (or one whose refresh could not be tried) reaches the page', async () => {
  expect((await proxy(request('/perfil', { [ACCESS_COOKIE]: accessToken(now() + 600) }))).status).toBe(200);
  holder[KEY] = async () => {
    throw new Error('connection refused');
  };
  const res = await proxy(request('/perfil', { [ACCESS_COOKIE]: accessToken(now() - 5), [REFRESH_COOKIE]: 'r1' }));
  expect(res.status).toBe(200);
});
