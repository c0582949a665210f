import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBaseApp, createLogger } from '@greencommerce/http';
import { expectError } from '@greencommerce/testing';
import { png } from '@greencommerce/testing/images';
import { mediaRoutes } from '../src/media-routes';

// A media folder inside a parent that also holds a file that must never be served.
const parent = mkdtempSync(path.join(tmpdir(), 'gc-media-routes-'));
const dir = path.join(parent, 'media');
mkdirSync(path.join(dir, 'users/7'), { recursive: true });
const image = png(3, 3);
writeFileSync(path.join(dir, 'users/7/a1b2.png'), image);
writeFileSync(path.join(dir, 'users/7/page.html'), '<script>alert(1)</script>');
writeFileSync(path.join(parent, 'secret.png'), 'not yours');

const logger = createLogger('media-test', { level: 'silent' });
const app = createBaseApp({ logger, corsOrigins: [] }).route('/', mediaRoutes(dir));
const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch });
afterAll(() => {
  server.stop(true);
  rmSync(parent, { recursive: true, force: true });
});

/** A request line sent as is: fetch and Request would normalise `..` and `\` before the server saw them. */
function rawGet(target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port ?? 0, '127.0.0.1', () =>
      socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    );
    let raw = '';
    socket.on('data', (d) => {
      raw += d.toString('latin1');
    });
    socket.on('end', () => resolve({ status: Number(raw.split(' ')[1]), body: raw.split('\r\n\r\n')[1] ?? '' }));
    socket.on('error', reject);
  });
}

describe('mediaRoutes', () => {
  test('serves a stored image with its type, nosniff and a long immutable cache', async () => {
    const res = await app.request('/media/users/7/a1b2.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(image);
    expect((await app.request('/media/users/7/a1b2.png', { method: 'HEAD' })).status).toBe(200);
  });

  test.each([
    '/media/100%',
    '/media/%E0%A4%A',
    '/media/a%00b',
    '/media/a%00b.png',
    '/media/..%2fsecret.png',
    '/media/%2e%2e/secret.png',
    '/media/users/7/%2e%2e/%2e%2e/%2e%2e/secret.png',
    '/media/users%5c7%5ca1b2.png',
    '/media/users/7/page.html',
    '/media/users/7',
    '/media/users/7/missing.png',
    // Longer than the OS allows for a path (PATH_MAX 4096): opening it fails with ENAMETOOLONG.
    `/media/${'a/'.repeat(2100)}x.png`,
  ])('%s is a 404 in the one error shape', async (target) => {
    await expectError(await app.request(target), 404, 'NOT_FOUND');
  });

  test('literal `..` and backslashes on the wire never leave the folder', async () => {
    // (Bun's URL parser resolves these before routing, as a browser would; a backslash counts as a slash.)
    for (const target of [
      '/media/../secret.png',
      '/media/users/../../secret.png',
      '/media/users\\..\\..\\secret.png',
    ]) {
      const res = await rawGet(target);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('not yours');
    }
    expect((await rawGet('/media/users/7/a1b2.png')).status).toBe(200);
  });
});
