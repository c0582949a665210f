// The cart's figures: GET /cart with 10 lines and POST /cart/items, each beside a bare Bun + mysql2
// server doing the same reads and writes in the same run (issue 11: at least 60% of it).
// Runs inside `npm run bench`, or alone (`bun bench/cart.ts`, MariaDB only).
import { createDb, type Db, migrateToLatest } from '@greencommerce/db';
import { sign } from 'hono/jwt';
import { sql } from 'kysely';
import { type LoadResult, load, medianRun, numberSetting, warmUp } from './load';
import { start } from './processes';
import { createReport, type Report } from './report';

const PORTS = { cart: 18084, baseline: 18092 };
const ROUNDS = numberSetting('BENCH_CART_ROUNDS', 3);
const url = (port: number, p = '/') => `http://127.0.0.1:${port}${p}`;

/** A signing key of the bench's own, so the cart can be measured without the auth service. */
async function benchToken(userId: number) {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), kid: 'bench', alg: 'ES256' };
  const { d: _d, key_ops: _ops, ...publicJwk } = jwk;
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: String(userId),
    email: 'bench@example.com',
    iss: 'bench',
    aud: 'bench',
    iat: now,
    exp: now + 3600,
  };
  return {
    token: await sign(claims, jwk, 'ES256'),
    env: { JWT_PUBLIC_KEYS: JSON.stringify([publicJwk]), JWT_ISSUER: 'bench', JWT_AUDIENCE: 'bench' },
  };
}

async function insertUser(db: Db) {
  const { insertId } = await db
    .insertInto('users')
    .values({
      name: 'Bench',
      last_name: 'Cart',
      day_birth: 1,
      month_birth: 1,
      year_birth: 1990,
      gender: 'Otro',
      phone_number: '0991234567',
      email: `bench.cart.${Date.now()}@example.com`,
      password: 'unused',
    })
    .executeTakeFirstOrThrow();
  return Number(insertId);
}

export async function cartBench(report: Report, db: Db, databaseUrl: string, seconds: number) {
  const userId = await insertUser(db);
  const { token, env } = await benchToken(userId);
  const products: number[] = [];
  for (let i = 0; i < 10; i++) {
    const { insertId } = await db
      .insertInto('products')
      .values({
        slug: `bench-cart-${Date.now()}-${i}`,
        name: `Bench product ${i}`,
        description: 'bench',
        price_minor: 1000 + i * 99,
        currency: 'USD',
        category_slug: 'tecnologia',
        stock: 1_000_000,
        images: '[]',
      })
      .executeTakeFirstOrThrow();
    products.push(Number(insertId));
  }
  const cart = await start('cart', 'apps/cart/src/main.ts', PORTS.cart, {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: '',
    CART_PORT: String(PORTS.cart),
    CART_WORKERS: '1',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const headers = { authorization: `Bearer ${token}` };
  for (const productId of products) {
    await fetch(url(PORTS.cart, '/cart/items'), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ productId, quantity: 1 }),
    });
  }
  const baseline = await start(
    'mysql-cart',
    'bench/baselines/mysql-cart-server.ts',
    PORTS.baseline,
    {
      DATABASE_URL: databaseUrl,
      USER_ID: String(userId),
    },
    '/',
  );
  const body = JSON.stringify({ productId: products[0], quantity: 1 });
  const post = { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } };
  // Each add grows one line, which holds at most 99: both servers' adds are undone as they run.
  const reset = setInterval(() => {
    void sql`UPDATE cart_items SET quantity = 1 WHERE product_id = ${products[0]}`.execute(db).catch(() => {});
  }, 20);
  try {
    for (const [what, path, opts] of [
      ['GET /cart, 10 lines', '/cart', { headers }],
      ['POST /cart/items', '/cart/items', post],
    ] as const) {
      // Alternated, median of each: on a shared machine the load drifts between two back-to-back runs.
      const base: LoadResult[] = [];
      const real: LoadResult[] = [];
      const baseTarget = { url: url(PORTS.baseline), connections: 32, seconds, ...opts };
      const realTarget = { url: url(PORTS.cart, path), connections: 32, seconds, ...opts };
      await warmUp([baseTarget, realTarget]);
      for (let round = 0; round < ROUNDS; round++) {
        base.push(await load(baseTarget));
        real.push(await load(realTarget));
      }
      const b = medianRun(base);
      const r = medianRun(real);
      report.record(`bare Bun + mysql2: ${what}`, `1 process, median of ${ROUNDS}`, {
        rps: b.rps,
        p50: b.p50,
        p99: b.p99,
      });
      report.record(
        what,
        `1 worker, 32 connections, median of ${ROUNDS}`,
        { rps: r.rps, p50: r.p50, p99: r.p99, non2xx: r.non2xx },
        'bare Bun + mysql2 doing the same',
        r.rps / b.rps,
      );
    }
  } finally {
    clearInterval(reset);
    await baseline.stop();
    await cart.stop();
  }
}

if (import.meta.main) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const mysql = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
  const admin = createDb({ url: `${mysql}/mysql`, poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS gc_bench_cart`.execute(admin);
  await sql`CREATE DATABASE gc_bench_cart`.execute(admin);
  const db = createDb({ url: `${mysql}/gc_bench_cart` });
  await migrateToLatest(db);
  const report = createReport(seconds);
  try {
    await cartBench(report, db, `${mysql}/gc_bench_cart`, seconds);
  } finally {
    await db.destroy();
    await sql`DROP DATABASE IF EXISTS gc_bench_cart`.execute(admin);
    await admin.destroy();
  }
  process.exit(0);
}
