import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startService, TEST_JWT_ENV } from '@greencommerce/testing';

// The real entry point as its own process, on the embedded defaults (its own SQLite file).
const dir = mkdtempSync(path.join(os.tmpdir(), 'gc-catalog-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('main.ts serves the catalog on the embedded database and stops cleanly on SIGTERM', async () => {
  const service = await startService('catalog', {
    ...TEST_JWT_ENV,
    DATABASE_URL: path.join(dir, 'catalog.sqlite'),
    MEDIA_DIR: path.join(dir, 'media'),
  });
  try {
    expect(await (await fetch(`${service.base}/readyz`)).json()).toMatchObject({ status: 'ready' });
    const products = await fetch(`${service.base}/products`);
    expect(products.status).toBe(200);
    expect(Array.isArray(await products.json())).toBe(true);
    const categories = await (await fetch(`${service.base}/categories`)).json();
    expect(categories).toHaveLength(6);
    // Absolute URLs under the service's own address when CATALOG_PUBLIC_URL is unset.
    expect(categories[0].image).toBe(`http://127.0.0.1:${service.port}/assets/categories/hogar-y-estilo-de-vida.webp`);
    expect((await fetch(`${service.base}/openapi.json`)).status).toBe(200);
    expect((await fetch(`${service.base}/docs`)).status).toBe(200);
  } finally {
    service.proc.kill('SIGTERM');
  }
  expect(await service.proc.exited).toBe(0);
}, 60_000);
