import { expect, test } from 'bun:test';
import { createBaseApp } from '../src/create-base-app';
import { docsRoutes } from '../src/docs';
import { createLogger } from '../src/logger';

// Mounted as the apps mount it, so the base app's security headers apply too.
const app = createBaseApp({ logger: createLogger('test', { level: 'silent' }), corsOrigins: [] }).route(
  '/',
  docsRoutes(() => ({ openapi: '3.1.0' }), 'Test <API>'),
);

test('/docs loads nothing from another host, under a CSP that allows only this one', async () => {
  const res = await app.request('/docs');
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9]/i);
  expect(html).toContain('<title>Test &#60;API&#62;</title>');
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/https?:|\*/);
});

test('the page’s script is the Scalar bundle, served from this server and cacheable for good', async () => {
  const html = await (await app.request('/docs')).text();
  const src = /<script src="([^"]+)"/.exec(html)?.[1] ?? 'missing';
  expect(src).toMatch(/^\/docs\/scalar\.js\?v=\w+$/);
  const res = await app.request(src);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toStartWith('text/javascript');
  expect(res.headers.get('cache-control')).toContain('immutable');
  const js = await res.text();
  expect(js.length).toBeGreaterThan(1_000_000);
  expect(js).toContain('createApiReference');
});
