// The storefront's figures (issue 14): the home page and the listing as Next.js renders them (next start,
// the production build, a guest with no cookies) at 16 connections, beside the same run's
// GET /products?limit=12&withTotal=true of the catalog service alone, the listing's own call to it: what
// the rendering and the storefront's hop cost on top of the API. On MariaDB with the demo catalog.
import path from 'node:path';
import { createDb, migrateToLatest } from '@greencommerce/db';
import { sql } from 'kysely';
import { ensureStorefrontBuild, nextBin, storefrontDir } from '../scripts/storefront-build';
import { type LoadResult, load, medianRun } from './load';
import { ROOT, type Service, start, startCommand } from './processes';
import type { Report } from './report';

const PORTS = { catalog: 18183, storefront: 18300 };
const CONNECTIONS = 16;
const ROUNDS = Number(process.env.BENCH_STOREFRONT_ROUNDS ?? 3);
const LISTING_CALL = '/products?limit=12&withTotal=true';
const url = (port: number, p = '/') => `http://127.0.0.1:${port}${p}`;

/** A page that answers fast with an error would measure well: each must render the shop first. */
async function expectPage(path: string, mustContain: string) {
  const res = await fetch(url(PORTS.storefront, path));
  const html = await res.text();
  if (res.status !== 200 || !html.includes(mustContain)) {
    throw new Error(`storefront ${path} answered ${res.status} without «${mustContain}»`);
  }
}

export async function storefrontBench(report: Report, { mysqlUrl, seconds }: { mysqlUrl: string; seconds: number }) {
  if (!(await ensureStorefrontBuild())) throw new Error('next build failed (see above)');
  const admin = createDb({ url: `${mysqlUrl}/mysql`, poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS gc_bench_storefront`.execute(admin);
  await sql`CREATE DATABASE gc_bench_storefront`.execute(admin);
  await admin.destroy();
  const dbUrl = `${mysqlUrl}/gc_bench_storefront`;
  const db = createDb({ url: dbUrl });
  await migrateToLatest(db);
  await db.destroy();

  const started: Service[] = [];
  try {
    const catalog = await start('catalog', 'apps/catalog/src/main.ts', PORTS.catalog, {
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      KAFKA_BROKERS: '',
      CATALOG_PORT: String(PORTS.catalog),
      SEED_DEMO_CATALOG: 'true',
      MEDIA_DIR: path.join(ROOT, '.data/bench-media'),
    });
    started.push(catalog);
    const storefront = await startCommand(
      'storefront',
      ['node', nextBin, 'start', '--hostname', '127.0.0.1', '--port', String(PORTS.storefront)],
      PORTS.storefront,
      {
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        STOREFRONT_PORT: String(PORTS.storefront),
        CATALOG_URL: url(PORTS.catalog),
      },
      { cwd: storefrontDir },
    );
    started.push(storefront);
    await expectPage('/', 'Productos destacados');
    await expectPage('/productos', '24 productos');

    // A warm-up first (Node's JIT, Next's caches of the build), unrecorded; then each measured in turns,
    // ROUNDS times, the median round kept (as the catalog's figures are).
    for (const target of [
      url(PORTS.catalog, LISTING_CALL),
      url(PORTS.storefront, '/'),
      url(PORTS.storefront, '/productos'),
    ]) {
      await load({ url: target, connections: CONNECTIONS, seconds });
    }
    const runs: Record<'api' | 'home' | 'listing', LoadResult[]> = { api: [], home: [], listing: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.api.push(await load({ url: url(PORTS.catalog, LISTING_CALL), connections: CONNECTIONS, seconds }));
      runs.home.push(await load({ url: url(PORTS.storefront, '/'), connections: CONNECTIONS, seconds }));
      runs.listing.push(await load({ url: url(PORTS.storefront, '/productos'), connections: CONNECTIONS, seconds }));
    }
    const [api, home, listing] = [medianRun(runs.api), medianRun(runs.home), medianRun(runs.listing)];
    const workers = catalog.pids().length > 1 ? `${catalog.pids().length - 1} catalog workers` : '1 catalog process';
    const config = `${CONNECTIONS} connections, ${workers}, 1 Next.js process, median of ${ROUNDS}`;
    const figures = (r: LoadResult) => ({ rps: r.rps, p50: r.p50, p99: r.p99, non2xx: r.non2xx, errors: r.errors });
    report.record(`catalog GET ${LISTING_CALL} alone`, config, figures(api));
    const baseline = 'catalog GET /products';
    report.record('storefront home page (/), guest', config, figures(home), baseline, home.rps / api.rps);
    report.record('storefront listing (/productos), guest', config, figures(listing), baseline, listing.rps / api.rps);
  } finally {
    for (const s of started.reverse()) await s.stop();
  }
}
