// The catalog's figures (issue 10), on MariaDB with 100,000 products: the bulk import's time, then
// GET /products?limit=24 and GET /products/:id against a bare Bun + mysql2 server running the same SQL,
// a two-word search's p99 at 16 connections, and a 304 revalidation against the bare Bun.serve constant.
import path from 'node:path';
import { createDb, findProductByIdOrSlug, listProducts, migrateToLatest } from '@greencommerce/db';
import { type CompiledQuery, sql } from 'kysely';
import { benchCsv } from './catalog-products';
import { load } from './load';
import { ROOT, type Service, start } from './processes';
import type { Report } from './report';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const PORTS = { catalog: 18083, constant: 18090, ceiling: 18093 };
const SEARCH = 'cepillo bambu';
const url = (port: number, p = '/') => `http://127.0.0.1:${port}${p}`;

/** The SQL (and parameters) the catalog's repository runs for a listing page and a product by id. */
async function catalogSql(dbUrl: string, id: number) {
  const seen: CompiledQuery[] = [];
  const db = createDb({ url: dbUrl, poolSize: 1, log: (e) => void seen.push(e.query) });
  await listProducts(db, { filters: {}, order: 'newest', limit: 24 });
  await findProductByIdOrSlug(db, String(id));
  await db.destroy();
  const [list, one] = seen.map((q) => JSON.stringify({ sql: q.sql, parameters: q.parameters }));
  return { list: list!, one: one! };
}

/** `npm run catalog:import` of a generated CSV, as a user runs it; returns the seconds it took. */
async function importSeconds(dbUrl: string): Promise<number> {
  const file = path.join(ROOT, `.data/bench-products-${PRODUCTS}.csv`);
  await Bun.write(file, benchCsv(PRODUCTS));
  const started = performance.now();
  const proc = Bun.spawn([process.execPath, path.join(ROOT, 'scripts/catalog-import.ts'), file], {
    env: { ...process.env, DATABASE_URL: dbUrl },
    stdout: 'pipe',
    stderr: 'inherit',
  });
  const out = await new Response(proc.stdout).text();
  if ((await proc.exited) !== 0 || !out.includes(`${PRODUCTS} created`)) throw new Error(`import failed: ${out}`);
  return (performance.now() - started) / 1000;
}

export async function catalogBench(report: Report, { mysqlUrl, seconds }: { mysqlUrl: string; seconds: number }) {
  const admin = createDb({ url: `${mysqlUrl}/mysql`, poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS gc_bench_catalog`.execute(admin);
  await sql`CREATE DATABASE gc_bench_catalog`.execute(admin);
  await admin.destroy();
  const dbUrl = `${mysqlUrl}/gc_bench_catalog`;
  const db = createDb({ url: dbUrl });
  await migrateToLatest(db);
  await db.destroy();

  const importS = await importSeconds(dbUrl);
  report.record(`npm run catalog:import, ${PRODUCTS} products (CSV)`, 'batches of 1000, one ProductCreated each', {
    seconds: Math.round(importS * 10) / 10,
    productsPerSecond: Math.round(PRODUCTS / importS),
  });

  const id = Math.floor(PRODUCTS / 2);
  const queries = await catalogSql(dbUrl, id);
  const started: Service[] = [];
  try {
    const constant = await start('constant', 'bench/baselines/constant-server.ts', PORTS.constant, {}, '/');
    const c = await load({ url: url(PORTS.constant), connections: 64, seconds });
    await constant.stop();
    report.record('bare Bun.serve constant', '1 process, 64 connections', { rps: c.rps, p50: c.p50, p99: c.p99 });

    const ceilingEnv = { DATABASE_URL: dbUrl, LIST_SQL: queries.list, ONE_SQL: queries.one };
    const ceiling = await start(
      'mysql-catalog',
      'bench/baselines/mysql-catalog-server.ts',
      PORTS.ceiling,
      ceilingEnv,
      '/one',
    );
    const ceilingList = await load({ url: url(PORTS.ceiling, '/list'), connections: 64, seconds });
    const ceilingOne = await load({ url: url(PORTS.ceiling, '/one'), connections: 64, seconds });
    await ceiling.stop();
    report.record('bare Bun + mysql2, the listing SQL (DB ceiling)', '1 process, 64 connections', {
      rps: ceilingList.rps,
      p50: ceilingList.p50,
      p99: ceilingList.p99,
    });
    report.record('bare Bun + mysql2, the by-id SQL (DB ceiling)', '1 process, 64 connections', {
      rps: ceilingOne.rps,
      p50: ceilingOne.p50,
      p99: ceilingOne.p99,
    });

    for (const workers of [1, 2]) {
      const catalog = await start('catalog', 'apps/catalog/src/main.ts', PORTS.catalog, {
        NODE_ENV: 'production',
        DATABASE_URL: dbUrl,
        CATALOG_PORT: String(PORTS.catalog),
        CATALOG_WORKERS: String(workers),
        SEED_DEMO_CATALOG: 'false',
        MEDIA_DIR: path.join(ROOT, '.data/bench-media'),
      });
      started.push(catalog);
      const config = `${workers} worker${workers > 1 ? 's' : ''}, 64 connections`;
      const figures = (r: Awaited<ReturnType<typeof load>>) => ({
        rps: r.rps,
        p50: r.p50,
        p99: r.p99,
        non2xx: r.non2xx,
      });
      const list = await load({ url: url(PORTS.catalog, '/products?limit=24'), connections: 64, seconds });
      report.record('GET /products?limit=24', config, figures(list), 'DB ceiling', list.rps / ceilingList.rps);
      const one = await load({ url: url(PORTS.catalog, `/products/${id}`), connections: 64, seconds });
      report.record('GET /products/:id', config, figures(one), 'DB ceiling', one.rps / ceilingOne.rps);

      const q = encodeURIComponent(SEARCH);
      const matches = Number(
        (await fetch(url(PORTS.catalog, `/products?q=${q}&withTotal=true`))).headers.get('x-total-count'),
      );
      const search = await load({ url: url(PORTS.catalog, `/products?q=${q}`), connections: 16, seconds });
      const searchConfig = `${workers} worker${workers > 1 ? 's' : ''}, 16 connections, ${matches} matches`;
      report.record(`GET /products?q=${SEARCH}`, searchConfig, figures(search));

      const etag = (await fetch(url(PORTS.catalog, `/products/${id}`))).headers.get('etag') ?? '';
      const revalidate = await load({
        url: url(PORTS.catalog, `/products/${id}`),
        connections: 64,
        seconds,
        headers: { 'if-none-match': etag },
      });
      // autocannon counts a 304 as non-2xx; `not304` counts the answers that were something else.
      report.record(
        'GET /products/:id revalidation (304)',
        config,
        {
          rps: revalidate.rps,
          p50: revalidate.p50,
          p99: revalidate.p99,
          not304: revalidate.requests - revalidate.non2xx,
        },
        'bare Bun.serve constant',
        revalidate.rps / c.rps,
      );
      await catalog.stop();
      started.pop();
    }
  } finally {
    for (const s of started) await s.stop();
  }
}
