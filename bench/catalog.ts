// The catalog's figures (issue 10), on MariaDB with 100,000 products: the bulk import's time, then
// GET /products?limit=24 and GET /products/:id against a bare Bun + mysql2 server running the same SQL,
// a two-word search's p99 at 16 connections beside the same server running the search's SQL (and that SQL's
// cost alone in MariaDB), and a 304 revalidation against the bare Bun.serve constant.
import os from 'node:os';
import path from 'node:path';
import { createDb, findProductByIdOrSlug, listProducts, migrateToLatest } from '@greencommerce/db';
import { type CompiledQuery, sql } from 'kysely';
import { benchCsv } from './catalog-products';
import { type LoadResult, load, medianRun, numberSetting, warmUp } from './load';
import { cpuMs, ROOT, type Service, start } from './processes';
import { queryCost } from './query-cost';
import type { Report } from './report';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const PORTS = { catalog: 18083, constant: 18090, ceiling: 18093 };
const SEARCH = 'cepillo bambu';
const ROUNDS = numberSetting('BENCH_CATALOG_ROUNDS', 3);
const url = (port: number, p = '/') => `http://127.0.0.1:${port}${p}`;

/** The SQL (and parameters) the catalog's repository runs for a listing page, a product by id and the search. */
async function catalogSql(dbUrl: string, id: number) {
  const seen: CompiledQuery[] = [];
  const db = createDb({ url: dbUrl, poolSize: 1, log: (e) => void seen.push(e.query) });
  await listProducts(db, { filters: {}, order: 'newest', limit: 24 });
  await findProductByIdOrSlug(db, String(id));
  await listProducts(db, { filters: { q: SEARCH }, order: 'relevance', limit: 24 });
  await db.destroy();
  const [list, one, search] = seen.map((q) => ({ sql: q.sql, parameters: [...q.parameters] }));
  return { list: list!, one: one!, search: search! };
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
  // Baselines and service stay up side by side and are measured in turns, ROUNDS times, and the
  // median round kept: on this shared machine back-to-back single runs drift far more than the ratio.
  const constant = await start('constant', 'bench/baselines/constant-server.ts', PORTS.constant, {}, '/');
  const searchCost = await queryCost(dbUrl, queries.search);
  report.record(
    `the search SQL alone in MariaDB (q=${SEARCH})`,
    'one connection, nothing else from this bench running, median of 20 (min: the fastest)',
    { ...searchCost, searchesPerSecondAtMost: Math.round((os.availableParallelism() * 1000) / searchCost.cpuMs) },
  );
  const ceilingEnv = {
    DATABASE_URL: dbUrl,
    LIST_SQL: JSON.stringify(queries.list),
    ONE_SQL: JSON.stringify(queries.one),
    SEARCH_SQL: JSON.stringify(queries.search),
  };
  const ceiling = await start(
    'mysql-catalog',
    'bench/baselines/mysql-catalog-server.ts',
    PORTS.ceiling,
    ceilingEnv,
    '/one',
  );
  const started: Service[] = [constant, ceiling];
  try {
    for (const workers of [1, 2]) {
      const catalog = await start('catalog', 'apps/catalog/src/main.ts', PORTS.catalog, {
        NODE_ENV: 'production',
        DATABASE_URL: dbUrl,
        KAFKA_BROKERS: '',
        CATALOG_PORT: String(PORTS.catalog),
        CATALOG_WORKERS: String(workers),
        SEED_DEMO_CATALOG: 'false',
        MEDIA_DIR: path.join(ROOT, '.data/bench-media'),
      });
      started.push(catalog);
      const q = encodeURIComponent(SEARCH);
      const matches = Number(
        (await fetch(url(PORTS.catalog, `/products?q=${q}&withTotal=true`))).headers.get('x-total-count'),
      );
      const etag = (await fetch(url(PORTS.catalog, `/products/${id}`))).headers.get('etag') ?? '';
      // In the order they are measured in each round: each beside the baseline it is compared with.
      const targets: Record<string, Parameters<typeof load>[0]> = {
        ceilingList: { url: url(PORTS.ceiling, '/list'), connections: 64, seconds },
        list: { url: url(PORTS.catalog, '/products?limit=24'), connections: 64, seconds },
        ceilingOne: { url: url(PORTS.ceiling, '/one'), connections: 64, seconds },
        one: { url: url(PORTS.catalog, `/products/${id}`), connections: 64, seconds },
        constant: { url: url(PORTS.constant), connections: 64, seconds },
        revalidate: {
          url: url(PORTS.catalog, `/products/${id}`),
          connections: 64,
          seconds,
          headers: { 'if-none-match': etag },
        },
        ceilingSearch: { url: url(PORTS.ceiling, '/search'), connections: 16, seconds },
        search: { url: url(PORTS.catalog, `/products?q=${q}`), connections: 16, seconds },
      };
      const runs: Record<string, LoadResult[]> = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
      /** The catalog's own CPU per search, in each round (its processes, not MariaDB's). */
      const searchCpu: number[] = [];
      await warmUp(Object.values(targets));
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, target] of Object.entries(targets)) {
          const cpuBefore = cpuMs(catalog.proc.pid);
          const run = await load(target);
          runs[name]!.push(run);
          if (name === 'search') searchCpu[round] = (cpuMs(catalog.proc.pid) - cpuBefore) / Math.max(1, run.requests);
        }
      }
      const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, medianRun(v)])) as Record<
        string,
        LoadResult
      >;
      const figures = (r: LoadResult) => ({ rps: r.rps, p50: r.p50, p99: r.p99 });
      const config = `${workers} worker${workers > 1 ? 's' : ''}, 64 connections, median of ${ROUNDS}`;
      report.record(
        'bare Bun + mysql2, the listing SQL (DB ceiling)',
        `1 process, beside ${config}`,
        figures(m.ceilingList!),
      );
      report.record(
        'GET /products?limit=24',
        config,
        { ...figures(m.list!), non2xx: m.list!.non2xx },
        'DB ceiling',
        m.list!.rps / m.ceilingList!.rps,
      );
      report.record(
        'bare Bun + mysql2, the by-id SQL (DB ceiling)',
        `1 process, beside ${config}`,
        figures(m.ceilingOne!),
      );
      report.record(
        'GET /products/:id',
        config,
        { ...figures(m.one!), non2xx: m.one!.non2xx },
        'DB ceiling',
        m.one!.rps / m.ceilingOne!.rps,
      );
      report.record('bare Bun.serve constant', `1 process, beside ${config}`, figures(m.constant!));
      // autocannon counts a 304 as non-2xx; `not304` counts the answers that were something else.
      const r304 = m.revalidate!;
      report.record(
        'GET /products/:id revalidation (304)',
        config,
        { ...figures(r304), not304: r304.requests - r304.non2xx },
        'bare Bun.serve constant',
        r304.rps / m.constant!.rps,
      );
      const searchConfig = `${workers} worker${workers > 1 ? 's' : ''}, 16 connections, ${matches} matches, median of ${ROUNDS}`;
      report.record(
        'bare Bun + mysql2, the search SQL (DB ceiling)',
        `1 process, beside ${searchConfig}`,
        figures(m.ceilingSearch!),
      );
      report.record(
        `GET /products?q=${SEARCH}`,
        searchConfig,
        {
          ...figures(m.search!),
          worstP99: Math.max(...runs.search!.map((r) => r.p99)),
          non2xx: m.search!.non2xx,
          // The catalog's CPU in the round whose figures these are.
          catalogCpuMsPerSearch: Math.round((searchCpu[runs.search!.indexOf(m.search!)] ?? 0) * 10) / 10,
        },
        'DB ceiling',
        m.search!.rps / m.ceilingSearch!.rps,
      );
      await catalog.stop();
      started.pop();
    }
  } finally {
    for (const s of started) await s.stop();
  }
}
