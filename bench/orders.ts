// Checkout's figure: checkouts per second with 16 concurrent buyers, each checking out a cart of two
// lines with a new Idempotency-Key, beside a bare Bun + mysql2 server doing only the core transaction
// (reserve stock + insert the order) in the same run (issue 12: at least 50% of it).
// Runs inside `npm run bench`, or alone (`bun bench/orders.ts`, MariaDB only).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDb, type Db, migrateToLatest } from '@greencommerce/db';
import { sign } from 'hono/jwt';
import { sql } from 'kysely';
import { medianRun, numberSetting, warmUpSeconds } from './load';
import { ROOT, start, startCommand } from './processes';
import { createReport, type Report } from './report';

/** Free ports of this run: other benches on a shared machine hold the fixed ones. */
function freePort() {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}
const PORTS = { orders: freePort(), baseline: freePort() };
const BUYERS = 16;
const ROUNDS = numberSetting('BENCH_ORDERS_ROUNDS', 3);
const WARMUP_SECONDS = warmUpSeconds();
const url = (port: number, p = '/') => `http://127.0.0.1:${port}${p}`;

async function benchKeys() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), kid: 'bench', alg: 'ES256' };
  const { d: _d, key_ops: _ops, ...publicJwk } = jwk;
  const now = Math.floor(Date.now() / 1000);
  const token = (userId: number) =>
    sign(
      { sub: String(userId), email: `u${userId}@example.com`, iss: 'bench', aud: 'bench', iat: now, exp: now + 3600 },
      jwk,
      'ES256',
    );
  return { token, env: { JWT_PUBLIC_KEYS: JSON.stringify([publicJwk]), JWT_ISSUER: 'bench', JWT_AUDIENCE: 'bench' } };
}

/**
 * `count` users (ids from `firstUser`), their accounts (checkout holds the account's row) and each an
 * open cart of both products, in a few statements.
 */
async function prepareCarts(db: Db, firstUser: number, count: number, products: number[]) {
  for (let from = 0; from < count; from += 500) {
    const users = Array.from({ length: Math.min(500, count - from) }, (_, i) => firstUser + from + i);
    await db
      .insertInto('users')
      .values(
        users.map((id) => ({
          id,
          name: 'Bench',
          last_name: 'Buyer',
          day_birth: 1,
          month_birth: 1,
          year_birth: 1990,
          gender: 'Otro',
          phone_number: '0990000000',
          email: `u${id}@example.com`,
          password: 'not-used-here',
        })),
      )
      .execute();
    const carts = users.map((u) => ({ id: crypto.randomUUID(), user_id: u, active_user_id: u }));
    await db.insertInto('carts').values(carts).execute();
    await db
      .insertInto('cart_items')
      .values(
        carts.flatMap((c) =>
          products.map((p) => ({ cart_id: c.id, product_id: p, quantity: 1, unit_price_minor: 1000, currency: 'USD' })),
        ),
      )
      .execute();
  }
}

type Run = { rps: number; p50: number; p99: number; failed: number; done: number };

/** User + system CPU time of processes (Linux, all their threads), in µs; 0 where unreadable. */
function cpuUs(pids: number[]) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields 14 and 15 (utime, stime), counted after the command name's closing parenthesis.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return ticks * 10_000; // USER_HZ is 100 on Linux
}

/** The local database server's pid, when it runs on this machine (its CPU per checkout is reported too). */
function databasePid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^(mariadbd|mysqld)$/.test(readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) return Number(entry);
    } catch {
      // Exited meanwhile.
    }
  }
  return undefined;
}

type Measured = Run & { cpuUs: number; dbCpuUs: number };

/** drive(), with the CPU time the server's processes (and the database's) spent per successful request. */
async function measured(pids: number[], run: () => Promise<Run>): Promise<Measured> {
  const db = databasePid();
  const [server0, db0] = [cpuUs(pids), db ? cpuUs([db]) : 0];
  const r = await run();
  const per = (us: number) => Math.round(us / Math.max(1, r.done));
  return { ...r, cpuUs: per(cpuUs(pids) - server0), dbCpuUs: db ? per(cpuUs([db]) - db0) : 0 };
}

/** BUYERS loops, each sending its requests one after another for `seconds` (or until it has none left). */
async function drive(seconds: number, make: (buyer: number, i: number) => Request | undefined): Promise<Run> {
  const latencies: number[] = [];
  let failed = 0;
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: BUYERS }, async (_, buyer) => {
      for (let i = 0; performance.now() < until; i++) {
        const request = make(buyer, i);
        if (!request) return;
        const s = performance.now();
        const res = await fetch(request);
        await res.arrayBuffer();
        latencies.push(performance.now() - s);
        if (res.status === 201) done++;
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.floor(q * (latencies.length - 1))] ?? 0);
  return { rps: Math.round(done / elapsed), p50: at(0.5), p99: at(0.99), failed, done };
}

export async function ordersBench(report: Report, db: Db, databaseUrl: string, seconds: number) {
  const products: number[] = [];
  for (let i = 0; i < 2; i++) {
    const { insertId } = await db
      .insertInto('products')
      .values({
        slug: `bench-orders-${Date.now()}-${i}`,
        name: `Bench product ${i}`,
        description: 'bench',
        price_minor: 1000,
        currency: 'USD',
        category_slug: 'tecnologia',
        stock: 100_000_000,
        images: '[]',
      })
      .executeTakeFirstOrThrow();
    products.push(Number(insertId));
  }
  const { token, env } = await benchKeys();
  const firstUser = 10_000_000 + Math.floor(Math.random() * 1_000_000_000);
  // Each checkout uses one user's cart: enough for the warm-up and every round at up to 1,000 a second.
  // BENCH_ORDERS_CARTS (per buyer) covers all of them too; a round in which one ran out is an error below.
  const cartsPerBuyer = numberSetting(
    'BENCH_ORDERS_CARTS',
    Math.ceil((1000 * (WARMUP_SECONDS + ROUNDS * seconds)) / BUYERS),
  );
  await prepareCarts(db, firstUser, BUYERS * cartsPerBuyer, products);
  const tokens: string[] = [];
  for (let i = 0; i < BUYERS * cartsPerBuyer; i++) tokens.push(await token(firstUser + i));
  /** The next unused cart of each buyer, across the warm-up and the rounds. */
  const nextCart = Array.from({ length: BUYERS }, () => 0);

  // BENCH_ORDERS_CPU_PROF=<dir>: the orders process writes a CPU profile (.cpuprofile and .md) there.
  const profile = process.env.BENCH_ORDERS_CPU_PROF;
  const flags = profile ? ['--cpu-prof', '--cpu-prof-md', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
  const orders = await startCommand(
    'orders',
    [process.execPath, ...flags, path.join(ROOT, 'apps/orders/src/main.ts')],
    PORTS.orders,
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: '',
      ORDERS_PORT: String(PORTS.orders),
      ORDERS_WORKERS: '1',
      LOG_LEVEL: 'warn',
      PAYMENT_PROVIDERS: 'test',
      ...env,
      PORT: String(PORTS.orders),
    },
  );
  const baseline = await start(
    'mysql-checkout',
    'bench/baselines/mysql-checkout-server.ts',
    PORTS.baseline,
    { DATABASE_URL: databaseUrl, PRODUCT_IDS: products.join(',') },
    '/',
  );
  const body = JSON.stringify({
    shippingAddress: { name: 'Bench', line1: 'Calle 1', city: 'Quito', postalCode: '170135', country: 'EC' },
    paymentProvider: 'test',
  });
  const baselineRequest = (buyer: number, i: number) =>
    new Request(url(PORTS.baseline), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: firstUser + buyer * cartsPerBuyer + (i % cartsPerBuyer) }),
    });
  const checkoutRequest = (buyer: number) => {
    const cart = nextCart[buyer]!;
    if (cart >= cartsPerBuyer) return undefined;
    nextCart[buyer] = cart + 1;
    return new Request(url(PORTS.orders, '/checkout'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens[buyer * cartsPerBuyer + cart]}`,
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
      },
      body,
    });
  };
  try {
    // Unrecorded first (see warmUp in load.ts), then in turns: the median round of each is kept.
    if (WARMUP_SECONDS > 0) {
      await drive(WARMUP_SECONDS, baselineRequest);
      await drive(WARMUP_SECONDS, checkoutRequest);
    }
    const bases: Measured[] = [];
    const reals: Measured[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bases.push(await measured(baseline.pids(), () => drive(seconds, baselineRequest)));
      reals.push(await measured(orders.pids(), () => drive(seconds, checkoutRequest)));
      // A buyer without carts stops early, and a round after that measures nothing: not a figure.
      if (nextCart.some((n) => n >= cartsPerBuyer)) {
        throw new Error(
          `carts ran out in round ${round + 1}: raise BENCH_ORDERS_CARTS (now ${cartsPerBuyer} per buyer)`,
        );
      }
    }
    const [base, real] = [medianRun(bases), medianRun(reals)];
    report.record(
      'bare Bun + mysql2: reserve stock + insert order',
      `${BUYERS} buyers, 1 process, median of ${ROUNDS}`,
      {
        rps: base.rps,
        p50: base.p50,
        p99: base.p99,
        failed: base.failed,
        cpuUs: base.cpuUs,
        dbCpuUs: base.dbCpuUs,
      },
    );
    report.record(
      'POST /checkout (2 lines, test provider)',
      `${BUYERS} buyers, 1 worker, a new key and cart each, median of ${ROUNDS}`,
      {
        rps: real.rps,
        p50: real.p50,
        p99: real.p99,
        failed: real.failed,
        cpuUs: real.cpuUs,
        dbCpuUs: real.dbCpuUs,
      },
      'bare Bun + mysql2 reserve + insert',
      real.rps / base.rps,
    );
  } finally {
    await baseline.stop();
    await orders.stop();
  }
}

if (import.meta.main) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const mysql = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
  const admin = createDb({ url: `${mysql}/mysql`, poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS gc_bench_orders`.execute(admin);
  await sql`CREATE DATABASE gc_bench_orders`.execute(admin);
  const db = createDb({ url: `${mysql}/gc_bench_orders` });
  await migrateToLatest(db);
  const report = createReport(seconds, 'orders-results', 'bun bench/orders.ts');
  try {
    await ordersBench(report, db, `${mysql}/gc_bench_orders`, seconds);
  } finally {
    await db.destroy();
    await sql`DROP DATABASE IF EXISTS gc_bench_orders`.execute(admin);
    await admin.destroy();
  }
  report.write();
  process.exit(0);
}
