import { expect, test } from 'bun:test';
import { getPathMatch } from 'next/dist/shared/lib/router/utils/path-match';
import nextConfig from '../../next.config';
import { GET as image } from '../../src/app/imagenes/[service]/[...path]/route';

/** The headers next.config gives a path, the way Next matches each rule's source (a later rule wins). */
async function configHeaders(pathname: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rule of (await nextConfig.headers?.()) ?? []) {
    if (getPathMatch(rule.source)(pathname) === false) continue;
    for (const h of rule.headers) out.set(h.key.toLowerCase(), h.value);
  }
  return out;
}

test('no page of the shop can be framed by another site (its forms would be clickjacked)', async () => {
  for (const path of ['/', '/login', '/admin/pedidos/abc', '/sesion/renovar']) {
    const headers = await configHeaders(path);
    expect(headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(headers.get('x-frame-options')).toBe('DENY');
  }
});

test("a forwarded image keeps its own policy (next.config's header would replace it, as seen under next start)", async () => {
  expect((await configHeaders('/imagenes/catalog/assets/a.svg')).has('content-security-policy')).toBe(false);
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async () =>
    new Response('<svg/>', { headers: { 'content-type': 'image/svg+xml' } })) as unknown as typeof fetch;
  try {
    const res = await image(new Request('http://127.0.0.1:3000/imagenes/x'), {
      params: Promise.resolve({ service: 'catalog', path: ['assets', 'a.svg'] }),
    });
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  } finally {
    globalThis.fetch = realFetch;
  }
});
