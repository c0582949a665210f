import { afterEach, describe, expect, test } from 'bun:test';
import { GET } from '../../src/app/imagenes/[service]/[...path]/route';
import { imagePath } from '../../src/lib/image-src';

// The route forwards with the global fetch: the test answers in its place and records what was asked.
const realFetch = globalThis.fetch;
let asked: string[] = [];
afterEach(() => {
  globalThis.fetch = realFetch;
  asked = [];
});
function upstream(contentType: string) {
  globalThis.fetch = (async (input: string | URL | Request) => {
    asked.push(String(input));
    return new Response('bytes', { status: 200, headers: { 'content-type': contentType } });
  }) as typeof fetch;
}

/** The route as Next calls it: each path segment already percent-decoded (`..%2F..` arrives as `../..`). */
const get = (service: string, path: string[]) =>
  GET(new Request('http://127.0.0.1:3000/imagenes/x'), { params: Promise.resolve({ service, path }) });

describe('imagePath', () => {
  test('names an asset or a medium of a known service', () => {
    expect(imagePath('catalog', ['assets', 'demo', 'te.webp'])).toBe('assets/demo/te.webp');
    expect(imagePath('users', ['media', 'ab_c-1.jpg'])).toBe('media/ab_c-1.jpg');
  });

  test('refuses other services, API paths and any segment that climbs or hides a slash', () => {
    for (const [service, path] of [
      ['auth', ['assets', 'a.png']],
      ['catalog', ['products']],
      ['catalog', ['assets']],
      ['catalog', ['assets', '..', 'products']],
      ['catalog', ['assets', '.', 'a.png']],
      ['catalog', ['assets', '../../products']],
      ['catalog', ['media', 'a/../../admin']],
      ['catalog', ['assets', '..\\..\\products']],
      ['catalog', ['assets', 'a.png?x=1']],
      ['catalog', ['assets', '']],
    ] as const) {
      expect(imagePath(service, [...path])).toBeNull();
    }
  });
});

describe('GET /imagenes/[service]/[...path]', () => {
  test('a segment decoded from ..%2F.. never reaches the service', async () => {
    upstream('image/png');
    const res = await get('catalog', ['assets', '../../products']);
    expect(res.status).toBe(404);
    expect(asked).toEqual([]);
  });

  test('an image comes back unable to run script on this origin, and nothing else comes back', async () => {
    upstream('image/svg+xml');
    const res = await get('catalog', ['assets', 'logo.svg']);
    expect(res.status).toBe(200);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toEndWith('/assets/logo.svg');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');

    upstream('text/html');
    const refused = await get('catalog', ['assets', 'page.png']);
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: 'no such image' } });
  });

  test('a service that does not answer is a 503 naming it, in the one error shape', async () => {
    globalThis.fetch = (async () => {
      throw new TypeError('connect ECONNREFUSED');
    }) as unknown as typeof fetch;
    const res = await get('users', ['media', 'a.jpg']);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE', message: 'users service unavailable' } });
    expect(body.error.requestId).toBeString();
  });
});
