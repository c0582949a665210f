import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createTestCatalog, expectError, insertProduct, type TestCatalog } from './support';

// The app behind a real socket: what fetch normalizes away (invalid percent-encoding, dot segments,
// raw bytes in the query) reaches the server as sent.
let t: TestCatalog;
let server: ReturnType<typeof Bun.serve>;
let base: string;
beforeAll(async () => {
  t = await createTestCatalog('sqlite', 'catalog_http');
  writeFileSync(path.join(t.assetsDir, 'categories', 'tecnologia.webp'), 'RIFF....WEBPVP8 fake');
  await insertProduct(t.db, { slug: 'cafe', name: 'Café' });
  server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: (req, srv) => t.app.fetch(req, srv) });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.stop(true);
  await t.drop();
});

/** One request exactly as written, over a plain socket; the status line's code. */
function raw(target: string, method = 'GET'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port!, '127.0.0.1', () =>
      socket.write(`${method} ${target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`),
    );
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}

describe('bad input over real HTTP never reaches a 5xx', () => {
  test('raw bytes and broken percent-encoding in the query', async () => {
    for (const target of [
      '/products?q=%FF%FE',
      '/products?q=%',
      '/products?q=%zz',
      '/products?q=%00',
      '/products?q=caf%C3%A9',
      '/products?q=%22*()-%2B~%3C%3E',
      '/products?q=a&q=b',
      '/products?limit=%31%30',
      '/products?cursor=%FF',
      '/products?%FF=1',
      '/products?=1',
      '/products?&&&',
      '/products?q',
      `/products?q=${'%C3%A9'.repeat(300)}`,
      '/products/%FF',
      '/products/%2e%2e',
      '/products/caf%C3%A9',
      '/categories?x=%FF',
    ]) {
      const { status } = await raw(target);
      expect({ target, ok: status >= 200 && status < 500 }).toEqual({ target, ok: true });
    }
    const found = await fetch(`${base}/products?q=caf%C3%A9`);
    expect((await found.json()).map((p: { slug: string }) => p.slug)).toEqual(['cafe']);
  });

  test('a repeated parameter and an empty one are 400 naming them', async () => {
    const err = await expectError(await fetch(`${base}/products?q=a&q=b`), 400, 'VALIDATION_FAILED');
    expect(err.details?.map((d) => d.path)).toEqual(['q']);
    const empty = await expectError(await fetch(`${base}/products?limit=`), 400, 'VALIDATION_FAILED');
    expect(empty.details?.map((d) => d.path)).toEqual(['limit']);
  });

  test('HEAD answers the headers of GET without a body', async () => {
    const res = await fetch(`${base}/products`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^"/);
    expect(await res.text()).toBe('');
  });

  test('a browser on an allowed origin may revalidate and read the paging headers', async () => {
    const preflight = await fetch(`${base}/products`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-none-match');
    const res = await fetch(`${base}/products?limit=1`, { headers: { origin: 'http://localhost:3000' } });
    const exposed = res.headers.get('access-control-expose-headers')?.toLowerCase() ?? '';
    for (const h of ['etag', 'link', 'x-total-count']) expect(exposed).toContain(h);
  });
});

describe('shipped assets', () => {
  test('category images are served from the assets folder, cacheable', async () => {
    const cats = await (await fetch(`${base}/categories`)).json();
    const tech = cats.find((c: { slug: string }) => c.slug === 'tecnologia');
    expect(tech.image).toBe('http://catalog.test/assets/categories/tecnologia.webp');
    const res = await fetch(`${base}/assets/categories/tecnologia.webp`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toContain('public');
    expect(await res.text()).toBe('RIFF....WEBPVP8 fake');
  });

  test('nothing outside plain image names under the folder', async () => {
    for (const target of [
      '/assets/categories/missing.webp',
      '/assets/../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/categories/..%2f..%2fsupport.ts',
      '/assets/categories/tecnologia.webp%00.png',
      '/assets//etc/passwd.png',
      '/assets/categories/tecnologia.svg',
    ]) {
      const { status, text } = await raw(target);
      expect({ target, status }).toEqual({ target, status: 404 });
      expect(text).not.toContain('WEBPVP8');
    }
  });
});
