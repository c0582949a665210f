// The CPU a request costs inside the process, without sockets: the shared HTTP stack (createBaseApp)
// and two hot paths (the catalog's 304 from memory, the users' GET /user/info on the embedded
// SQLite), each beside a bare handler giving the same answer, measured in the same run.
// `bun bench/request-cost.ts` (also the last part of `npm run bench`). No services or infra needed.
//
// Every variant runs REQUEST_COST_N requests per round, the variants in a new random order each
// round, and the median round counts. The figure is the main thread's CPU time per request
// (/proc/self/task/<pid>/schedstat), which other processes' load on the machine moves much less
// than the wall clock.
import { Database } from 'bun:sqlite';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BaseEnv, createBaseApp, createLogger, type Logger } from '@greencommerce/http';
import { localStorage } from '@greencommerce/media';
import { createSqliteTestDb, testVerifier, tokenFor } from '@greencommerce/testing';
import { Hono } from 'hono';
// The apps' own factories, as their tests build them: the measured path is the one they serve.
import { createApp as createCatalog } from '../apps/catalog/src/app';
import { createApp as createUsers } from '../apps/users/src/app';
import { createReport, type Report } from './report';

const N = Number(process.env.REQUEST_COST_N ?? 20_000);
const ROUNDS = Number(process.env.REQUEST_COST_ROUNDS ?? 11);
const ORIGIN = 'http://localhost:3000';

type Variant = {
  what: string;
  fetch: (req: Request) => Response | Promise<Response>;
  request: () => Request;
  /** The bare handler giving the same answer, whose CPU this one's is compared with. */
  baseline?: Variant;
};

const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const cpuNs = () => Number(readFileSync(schedstat, 'utf8').split(' ')[0]);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU µs per request of each variant, median round, with the spread over rounds. */
async function measure(variants: Variant[]) {
  const perRound = new Map<Variant, number[]>(variants.map((v) => [v, []]));
  for (const v of variants) for (let i = 0; i < N / 4; i++) await v.fetch(v.request());
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of [...variants].sort(() => Math.random() - 0.5)) {
      Bun.gc(true);
      const before = cpuNs();
      for (let i = 0; i < N; i++) await v.fetch(v.request());
      perRound.get(v)!.push((cpuNs() - before) / N / 1000);
    }
  }
  return new Map(
    variants.map((v) => {
      const runs = perRound.get(v)!;
      const round = (x: number) => Math.round(x * 100) / 100;
      return [v, { cpuUs: round(median(runs)), minUs: round(Math.min(...runs)), maxUs: round(Math.max(...runs)) }];
    }),
  );
}

/** A fresh catalog on SQLite with one product, its revalidation cache on; and the product's URL and ETag. */
async function catalogWithProduct(logger: Logger, dir: string) {
  const t = await createSqliteTestDb();
  const app = createCatalog({
    db: t.db,
    logger,
    verifyToken: testVerifier(),
    storage: localStorage(path.join(dir, 'media'), 'http://catalog.bench'),
    config: {
      corsOrigins: [ORIGIN],
      publicUrl: 'http://catalog.bench',
      assetsDir: dir,
      revalidateCacheMs: 600_000,
      maxUploadBytes: 5 * 1024 * 1024,
      maxPixels: 40_000_000,
      uploadTmpDir: dir,
      uploadConcurrency: 8,
      uploadQueueLimit: 64,
    },
  });
  const { insertId } = await t.db
    .insertInto('products')
    .values({
      slug: 'bench-product',
      name: 'Bench product',
      description: 'Measured',
      price_minor: 1000,
      currency: 'EUR',
      category_slug: 'hogar-y-estilo-de-vida',
      brand: 'Acme',
      rating_tenths: 40,
      stock: 5,
      featured: 0,
      image_url: null,
      images: '[]',
    })
    .executeTakeFirstOrThrow();
  const url = `http://127.0.0.1/products/${insertId}`;
  const etag = (await app.fetch(new Request(url))).headers.get('etag');
  if (!etag) throw new Error('the catalog gave no ETag');
  return { app, url, etag, drop: t.drop };
}

/** A fresh users app on SQLite with one user, and a token for it. */
async function usersWithUser(logger: Logger, dir: string) {
  const t = await createSqliteTestDb();
  const app = createUsers({
    db: t.db,
    logger,
    verifyToken: testVerifier(),
    storage: localStorage(path.join(dir, 'media'), 'http://users.bench'),
    config: {
      corsOrigins: [ORIGIN],
      maxUploadBytes: 5 * 1024 * 1024,
      maxPixels: 40_000_000,
      uploadTmpDir: dir,
      uploadConcurrency: 8,
      uploadQueueLimit: 64,
    },
  });
  const { insertId } = await t.db
    .insertInto('users')
    .values({
      name: 'Bench',
      last_name: 'Info',
      day_birth: 1,
      month_birth: 1,
      year_birth: 1990,
      gender: 'Otro',
      phone_number: '0991234567',
      email: 'bench.info@example.com',
      password: 'unused',
    })
    .executeTakeFirstOrThrow();
  const id = Number(insertId);
  return { app, id, token: await tokenFor(id), file: t.url, drop: t.drop };
}

export async function requestCostBench(report: Report) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gc-request-cost-'));
  // Every line formatted as in production, then dropped rather than written to this script's output.
  const logger = createLogger('bench', { destination: { write: () => {} } });
  const constant = JSON.stringify({ name: 'Ana', lastName: 'Pérez', email: 'ana@example.com' });
  const okRoute = (app: Hono<BaseEnv>) =>
    app.get('/ok', (c) => c.body(constant, 200, { 'Content-Type': 'application/json' }));
  const catalog = await catalogWithProduct(logger, dir);
  const users = await usersWithUser(logger, dir);
  // The same file the users app reads, without Kysely or HTTP: what the lookup itself costs.
  const byId = new Database(users.file, { readonly: true }).prepare('SELECT * FROM users WHERE id = ?');
  const bare: Variant = {
    what: 'bare handler, constant JSON',
    fetch: () => new Response(constant, { headers: { 'Content-Type': 'application/json' } }),
    request: () => new Request('http://127.0.0.1/ok'),
  };
  const asBrowser =
    (url: string, headers: Record<string, string> = {}) =>
    () =>
      new Request(url, { headers: { origin: ORIGIN, ...headers } });
  const lookup: Variant = {
    what: 'bare handler, SQLite primary-key lookup',
    fetch: () => Response.json(byId.get(users.id)),
    request: () => new Request('http://127.0.0.1/user/info'),
  };
  const variants: Variant[] = [
    bare,
    {
      what: 'hono, the route alone',
      fetch: okRoute(new Hono<BaseEnv>()).fetch,
      request: asBrowser('http://127.0.0.1/ok'),
      baseline: bare,
    },
    {
      what: 'createBaseApp + the route',
      fetch: okRoute(createBaseApp({ logger, corsOrigins: [ORIGIN] })).fetch,
      request: asBrowser('http://127.0.0.1/ok'),
      baseline: bare,
    },
    {
      what: 'catalog GET /products/:id, 304 from memory',
      fetch: catalog.app.fetch,
      request: asBrowser(catalog.url, { 'if-none-match': catalog.etag }),
      baseline: bare,
    },
    lookup,
    {
      what: 'users GET /user/info (SQLite)',
      fetch: users.app.fetch,
      request: asBrowser('http://127.0.0.1/user/info', { authorization: `Bearer ${users.token}` }),
      baseline: lookup,
    },
  ];
  for (const v of variants) {
    const status = (await v.fetch(v.request())).status;
    if (status !== 200 && status !== 304) throw new Error(`${v.what} answered ${status}`);
  }
  const results = await measure(variants);
  for (const v of variants) {
    const r = results.get(v)!;
    const config = `in-process, median of ${ROUNDS} rounds × ${N}${v.baseline ? `, vs ${v.baseline.what}` : ''}`;
    const over = v.baseline && { overUs: Math.round((r.cpuUs - results.get(v.baseline)!.cpuUs) * 100) / 100 };
    report.record(v.what, config, { ...r, ...over });
  }
  await catalog.drop();
  await users.drop();
  await rm(dir, { recursive: true, force: true });
}

if (import.meta.main) {
  const report = createReport(0, 'request-cost', 'bun bench/request-cost.ts');
  await requestCostBench(report);
  report.write();
  process.exit(0);
}
