import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_DATABASE_URL } from '@greencommerce/db';
import { createMysqlTestDb, createSqliteTestDb, freePort, type TestDb } from '@greencommerce/testing';
import { loadEnv } from '../src/env';
import { DEMO_CATALOG } from '../src/services/seed-demo-catalog';

const MAIN = path.resolve(import.meta.dir, '../src/main.ts');
const ASSETS = path.resolve(import.meta.dir, '../assets');

describe('SEED_DEMO_CATALOG', () => {
  test('on by default on the embedded database only; set, it wins either way', () => {
    expect(loadEnv({}).SEED_DEMO_CATALOG).toBe(true);
    expect(loadEnv({ DATABASE_URL: DEFAULT_DATABASE_URL }).SEED_DEMO_CATALOG).toBe(true);
    expect(loadEnv({ DATABASE_URL: 'mysql://gc:pw@db.internal:3306/greencommerce' }).SEED_DEMO_CATALOG).toBe(false);
    expect(loadEnv({ DATABASE_URL: '/srv/shop/catalog.sqlite' }).SEED_DEMO_CATALOG).toBe(false);
    expect(loadEnv({ SEED_DEMO_CATALOG: 'false' }).SEED_DEMO_CATALOG).toBe(false);
    expect(
      loadEnv({ DATABASE_URL: 'mysql://gc:pw@db.internal:3306/greencommerce', SEED_DEMO_CATALOG: 'true' })
        .SEED_DEMO_CATALOG,
    ).toBe(true);
  });
});

/** The real entry point (apps/catalog/src/main.ts) as its own process, answering on a free port. */
async function startCatalog(env: Record<string, string>) {
  const port = freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'gc-seed-start-'));
  const proc = Bun.spawn([process.execPath, MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      MEDIA_DIR: path.join(dir, 'media'),
      LOG_LEVEL: 'error',
      ...env,
      CATALOG_PORT: String(port),
    },
    stdout: 'ignore',
    stderr: 'pipe',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150 && proc.exitCode === null; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await Bun.sleep(100);
  }
  return {
    base,
    async stop() {
      proc.kill('SIGTERM');
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
      return new Response(proc.stderr).text();
    },
  };
}

type Product = { slug: string; image: string; imageUrl: string; featured: boolean; quantity: number };

describe('catalog start on an embedded (SQLite) database, two workers, seeding on', () => {
  let t: TestDb;
  let catalog: Awaited<ReturnType<typeof startCatalog>>;
  beforeAll(async () => {
    t = await createSqliteTestDb();
    catalog = await startCatalog({ DATABASE_URL: t.url, SEED_DEMO_CATALOG: 'true', CATALOG_WORKERS: '2' });
  }, 30_000);
  afterAll(async () => {
    const stderr = await catalog.stop();
    await t.drop();
    expect(stderr).not.toContain('could not be seeded');
  });

  test('shows the demo shop, once, and every product image loads from the catalog itself', async () => {
    let products: Product[] = [];
    // The workers answer /healthz once their seed has run, but either of them may be the one asked first.
    for (let i = 0; i < 50 && products.length < DEMO_CATALOG.length; i++) {
      products = await (await fetch(`${catalog.base}/products?limit=100`)).json();
      if (products.length < DEMO_CATALOG.length) await Bun.sleep(100);
    }
    expect(products.map((p) => p.slug).sort()).toEqual(DEMO_CATALOG.map((p) => p.slug).sort());
    expect(products.some((p) => p.featured)).toBe(true);
    expect(products.some((p) => p.quantity === 0)).toBe(true);
    const events = await t.db.selectFrom('outbox').select('id').execute();
    expect(events).toHaveLength(DEMO_CATALOG.length);
    for (const p of products) {
      expect(p.image).toBe(`${catalog.base}/assets/demo/${p.slug}.webp`);
      expect(p.imageUrl).toBe(p.image);
      const image = await fetch(p.image);
      expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/webp']);
      expect(
        Buffer.from(await image.arrayBuffer()).equals(readFileSync(path.join(ASSETS, 'demo', `${p.slug}.webp`))),
      ).toBe(true);
    }
  });
});

describe('catalog start on a configured MariaDB database', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createMysqlTestDb('catalog_seed_start');
  });
  afterAll(async () => {
    await t.drop();
  });

  test('no demo products by default; SEED_DEMO_CATALOG=true seeds them', async () => {
    const off = await startCatalog({ DATABASE_URL: t.url, CATALOG_WORKERS: '1' });
    expect(await (await fetch(`${off.base}/products`)).json()).toEqual([]);
    await off.stop();
    const on = await startCatalog({ DATABASE_URL: t.url, CATALOG_WORKERS: '1', SEED_DEMO_CATALOG: 'true' });
    expect(await (await fetch(`${on.base}/products?limit=100`)).json()).toHaveLength(DEMO_CATALOG.length);
    await on.stop();
  }, 30_000);
});
