// `npm run bench`: starts the real stack and the services in production mode, drives them with
// autocannon, and prints every figure beside a baseline measured in this same run.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createDb, migrateToLatest } from '@greencommerce/db';
import { sql } from 'kysely';
import { hashRate } from './baselines/hash-rate';
import { putRate } from './baselines/put-rate';
import { cartBench } from './cart';
import { catalogBench } from './catalog';
import { COLD_START_TARGET_MS, coldStarts, median } from './cold-start';
import { jpegOf } from './jpeg';
import { deliveryLag } from './lag';
import { type LoadResult, load, medianRun, numberSetting, warmUp } from './load';
import { notificationsBench } from './notifications';
import { ordersBench } from './orders';
import { peakRss, ROOT, type Service, start } from './processes';
import { createReport } from './report';
import { requestCostBench } from './request-cost';
import { signUp } from './session';
import { storefrontBench } from './storefront';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const MYSQL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const S3_ENDPOINT = 'http://127.0.0.1:9090';
const BUCKET = 'gc-bench';
const ARGON2 = { memoryCost: 19456, timeCost: 2 };
const HASH_CONCURRENCY = os.availableParallelism();
const PORTS = {
  auth: 18081,
  users: 18082,
  constant: 18090,
  pk: 18091,
  pkHeaders: 18094,
  pkFrame: 18095,
  pkKysely: 18096,
};
const url = (port: number, p = '/') => `http://127.0.0.1:${port}${p}`;

const report = createReport(SECONDS);
const s3 = new S3Client({
  endpoint: S3_ENDPOINT,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});

const servicesEnv: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: `${MYSQL}/gc_bench`,
  KAFKA_BROKERS: '127.0.0.1:9092',
  S3_ENDPOINT,
  S3_BUCKET: BUCKET,
  S3_ACCESS_KEY_ID: 'bench',
  S3_SECRET_ACCESS_KEY: 'bench',
  S3_PUBLIC_BASE_URL: `${S3_ENDPOINT}/${BUCKET}`,
  AUTH_PORT: String(PORTS.auth),
  USERS_PORT: String(PORTS.users),
  AUTH_JWKS_URL: url(PORTS.auth, '/.well-known/jwks.json'),
  JWT_KEY_FILE: path.join(ROOT, '.data/bench-jwt-keys.json'),
  LOGIN_IP_LIMIT: '1000000000',
  LOGIN_ACCOUNT_FAILURE_LIMIT: '1000000000',
  REGISTER_IP_LIMIT: '1000000000',
  // The upload figures' 16 connections use one account, standing for 16 shoppers.
  UPLOADS_PER_ACCOUNT: '16',
};

async function prepare() {
  const infra = Bun.spawn(['bash', path.join(ROOT, 'infra/up.sh')], { stdout: 'inherit', stderr: 'inherit' });
  if ((await infra.exited) !== 0) throw new Error('infra/up.sh failed');
  const admin = createDb({ url: `${MYSQL}/mysql`, poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS gc_bench`.execute(admin);
  await sql`CREATE DATABASE gc_bench`.execute(admin);
  await admin.destroy();
  const db = createDb({ url: `${MYSQL}/gc_bench` });
  await migrateToLatest(db);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => {});
  return db;
}

const ROUNDS = numberSetting('BENCH_USERS_ROUNDS', 3);

/**
 * GET /user/info against a constant server and the DB ceiling, with one users process and one per
 * core. The baselines and the service stay up side by side and are measured in turns, ROUNDS times,
 * keeping the median round: on this shared machine back-to-back single runs drift more than the ratio.
 * Beside one worker, three steps from the ceiling towards the service show where its share goes: the
 * platform's response headers, then its HTTP frame, then Kysely (`user-info-layers-server.ts`).
 */
async function userInfo(userId: number, token: string): Promise<Service> {
  const pkEnv = { DATABASE_URL: `${MYSQL}/gc_bench`, USER_ID: String(userId), NODE_ENV: 'production' };
  const layers = 'bench/baselines/user-info-layers-server.ts';
  const pkServer = 'bench/baselines/mysql-pk-server.ts';
  const reference = async (
    label: string,
    script: string,
    port: number,
    env: Record<string, string>,
    oneWorkerOnly = false,
  ) => ({ label, oneWorkerOnly, service: await start(label, script, port, env, '/') });
  const references = [
    await reference('bare Bun.serve constant', 'bench/baselines/constant-server.ts', PORTS.constant, {}),
    await reference('bare Bun + mysql2 PK lookup (DB ceiling)', pkServer, PORTS.pk, pkEnv),
    await reference('step 1: the lookup sending the platform response headers', pkServer, PORTS.pkHeaders, {
      ...pkEnv,
      PLATFORM_HEADERS: '1',
    }),
    await reference(
      'step 2: step 1 in the platform HTTP frame (createBaseApp)',
      layers,
      PORTS.pkFrame,
      { ...pkEnv, LAYER: 'frame' },
      true,
    ),
    await reference(
      'step 3: step 2 reading through Kysely (findUserById)',
      layers,
      PORTS.pkKysely,
      { ...pkEnv, LAYER: 'kysely' },
      true,
    ),
  ];
  const headers = { authorization: `Bearer ${token}` };
  let users: Service | undefined;
  try {
    for (const count of [1, 2]) {
      await users?.stop();
      users = await start('users', 'apps/users/src/main.ts', PORTS.users, {
        ...servicesEnv,
        USERS_WORKERS: String(count),
      });
      const measured = references.filter((r) => count === 1 || !r.oneWorkerOnly);
      const targets = [
        ...measured.map((r) => ({ url: url(r.service.port), connections: 64, seconds: SECONDS })),
        { url: url(PORTS.users, '/user/info'), connections: 64, seconds: SECONDS, headers },
      ];
      const runs: LoadResult[][] = targets.map(() => []);
      await warmUp(targets);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, target] of targets.entries()) runs[i]!.push(await load(target));
      }
      const medians = runs.map(medianRun);
      const [c, ceiling] = medians as [LoadResult, LoadResult];
      const r = medians.at(-1)!;
      const config = `${count} worker${count > 1 ? 's' : ''}, 64 connections, median of ${ROUNDS}`;
      const figures = (x: LoadResult) => ({ rps: x.rps, p50: x.p50, p99: x.p99 });
      const ofCeilingPct = (x: LoadResult) => Math.round((x.rps / ceiling.rps) * 100);
      for (const [i, ref] of measured.entries()) {
        const steps: Record<string, number> = i >= 2 ? { ofCeilingPct: ofCeilingPct(medians[i]!) } : {};
        usersReport.record(ref.label, `1 process, beside ${config}`, { ...figures(medians[i]!), ...steps });
      }
      const ratios = { ...figures(r), non2xx: r.non2xx, ofConstantPct: Math.round((r.rps / c.rps) * 100) };
      usersReport.record('GET /user/info', config, ratios, 'DB ceiling', r.rps / ceiling.rps);
    }
  } finally {
    for (const ref of references) await ref.service.stop();
  }
  return users!;
}

/** POST /auth/login against argon2id alone, with the auth process's peak memory under the flood. */
async function login(auth: Service, email: string, password: string) {
  const hashes = await hashRate(ARGON2, HASH_CONCURRENCY, SECONDS);
  usersReport.record('argon2id hashes (m=19 MiB, t=2)', `${HASH_CONCURRENCY} in parallel`, {
    perSecond: Math.round(hashes * 10) / 10,
  });
  const run = await peakRss(auth.pids(), () =>
    load({
      url: url(PORTS.auth, '/auth/login'),
      connections: 64,
      seconds: SECONDS,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    }),
  );
  const l = run.result;
  const figures = { rps: l.rps, p99: l.p99, peakRssMib: run.peakMib, non2xx: l.non2xx };
  const workers = `${auth.pids().length - 1} workers (default), 64 connections`;
  usersReport.record('POST /auth/login', workers, figures, 'argon2id ceiling', l.rps / hashes);
}

/** POST /upload against a raw PutObject loop, at two sizes; returns the small image's file. */
async function upload(users: Service, token: string) {
  const files: string[] = [];
  for (const [label, size] of [
    ['100 KiB', 100 * 1024],
    // Issue 9: peak RSS at 5 MiB within 25% of that at 100 KiB (same pixels, only the bytes grow).
    ['5 MiB', 5 * 1024 * 1024],
  ] as const) {
    const bytes = jpegOf(size);
    const file = path.join(ROOT, `.data/bench-${size}.jpg`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    files.push(file);
    const raw = await putRate(s3, BUCKET, bytes, 16, SECONDS);
    report.record(`raw PutObject ${label}`, '16 in flight', { perSecond: Math.round(raw * 10) / 10 });
    const run = await peakRss(users.pids(), () =>
      load({
        url: url(PORTS.users, '/upload'),
        connections: 16,
        seconds: SECONDS,
        headers: { authorization: `Bearer ${token}` },
        form: { image: { type: 'file', path: file } },
      }),
    );
    const r = run.result;
    const figures = { rps: r.rps, p99: r.p99, peakRssMib: run.peakMib, non2xx: r.non2xx };
    report.record(
      `POST /upload ${label}`,
      `${users.pids().length - 1} workers, 16 connections`,
      figures,
      'raw PutObject',
      r.rps / raw,
    );
  }
  return files[0]!;
}

/**
 * Spawn → first 200 on a real request, every service on embedded defaults (and auth on MariaDB),
 * against a bare Bun.serve started the same way. Needs only MariaDB: `BENCH_ONLY=cold-start npm run bench`.
 */
async function coldStart() {
  const runs = Number(process.env.COLD_RUNS ?? 5);
  const admin = createDb({ url: `${MYSQL}/mysql`, poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS gc_bench_cold`.execute(admin);
  await sql`CREATE DATABASE gc_bench_cold`.execute(admin);
  await admin.destroy();
  const db = createDb({ url: `${MYSQL}/gc_bench_cold` });
  await migrateToLatest(db);
  await db.destroy();
  const { built, starts } = await coldStarts(runs, { mysqlUrl: `${MYSQL}/gc_bench_cold` });
  const [bare, ...apps] = starts;
  coldReport.record(
    'service bundles built (scripts/service-build.ts, before the first npm start after a change)',
    'ms per service, one after another',
    built,
  );
  const range = (xs: number[]) => ({ medianMs: median(xs), minMs: Math.min(...xs), maxMs: Math.max(...xs) });
  const bareMs = median(bare!.healthzMs);
  coldReport.record(`${bare!.what}, to its first 200`, `${runs} starts`, range(bare!.healthzMs));
  for (const r of apps) {
    const last = r.realMs.length > 0 ? r.realMs : r.healthzMs;
    const figures = {
      ...range(last),
      aboveBareMs: median(last) - bareMs,
      healthzMedianMs: median(r.healthzMs),
      cpuMedianMs: median(r.cpuMs),
    };
    const what = `${r.what}, to ${r.real ?? '/healthz'}`;
    const target = median(last) < COLD_START_TARGET_MS ? 'met' : 'not met';
    // A ratio to a 10 ms start says little: the figures give the distance to it (aboveBareMs).
    coldReport.record(what, `${runs} starts, target < ${COLD_START_TARGET_MS} ms: ${target}`, figures);
  }
}

// The catalog's figures need only MariaDB: `BENCH_ONLY=catalog npm run bench` measures just them.
const catalogReport = createReport(
  SECONDS,
  'catalog-results',
  process.env.BENCH_ONLY ? 'BENCH_ONLY=catalog npm run bench' : undefined,
);
// Issue 13's figure needs MariaDB and Kafka: `BENCH_ONLY=notifications npm run bench` measures just it
// (Kafka on KAFKA_PORT, 9092 unless set, started by infra/up.sh kafka if not running).
const notificationsReport = createReport(
  SECONDS,
  'notifications-results',
  process.env.BENCH_ONLY ? 'BENCH_ONLY=notifications npm run bench' : undefined,
);
const KAFKA_BROKERS = `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`;
const coldReport = createReport(
  SECONDS,
  'cold-start-results',
  process.env.BENCH_ONLY ? 'BENCH_ONLY=cold-start npm run bench' : undefined,
);
// Issue 9's GET /user/info and login figures (MariaDB and Kafka): `BENCH_ONLY=users npm run bench`.
const usersReport = createReport(
  SECONDS,
  'users-results',
  process.env.BENCH_ONLY ? 'BENCH_ONLY=users npm run bench' : undefined,
);
if (process.env.BENCH_ONLY === 'cold-start') {
  await coldStart();
  coldReport.write();
  process.exit(0);
}

if (process.env.BENCH_ONLY === 'notifications') {
  const kafka = Bun.spawn(['bash', path.join(ROOT, 'infra/up.sh'), 'kafka'], { stdout: 'inherit', stderr: 'inherit' });
  if ((await kafka.exited) !== 0) throw new Error('infra/up.sh kafka failed');
  await notificationsBench(notificationsReport, { mysqlUrl: MYSQL, kafkaBrokers: KAFKA_BROKERS, seconds: SECONDS * 2 });
  notificationsReport.write();
  process.exit(0);
}

// Issue 14's figures need only MariaDB (and a storefront build, made if stale):
// `BENCH_ONLY=storefront npm run bench` measures just them.
const storefrontReport = createReport(
  SECONDS,
  'storefront-results',
  process.env.BENCH_ONLY ? 'BENCH_ONLY=storefront npm run bench' : undefined,
);
if (process.env.BENCH_ONLY === 'storefront') {
  await storefrontBench(storefrontReport, { mysqlUrl: MYSQL, seconds: SECONDS });
  storefrontReport.write();
  process.exit(0);
}

if (process.env.BENCH_ONLY === 'catalog') {
  await catalogBench(catalogReport, { mysqlUrl: MYSQL, seconds: SECONDS });
  catalogReport.write();
  process.exit(0);
}

if (process.env.BENCH_ONLY === 'users') {
  const db = await prepare();
  const auth = await start('auth', 'apps/auth/src/main.ts', PORTS.auth, servicesEnv);
  try {
    const { userId, email, password, token } = await signUp(PORTS.auth);
    const users = await userInfo(userId, token);
    await users.stop();
    await login(auth, email, password);
  } finally {
    await auth.stop();
    await db.destroy();
  }
  usersReport.write();
  process.exit(0);
}

await coldStart();
coldReport.write();
const db = await prepare();
const started: Service[] = [];
try {
  const auth = await start('auth', 'apps/auth/src/main.ts', PORTS.auth, servicesEnv);
  started.push(auth);
  const { userId, email, password, token } = await signUp(PORTS.auth);
  const users = await userInfo(userId, token);
  started.push(users);
  await login(auth, email, password);
  const small = await upload(users, token);
  const rate = 20;
  const lag = await deliveryLag({
    db,
    uploadUrl: url(PORTS.users, '/upload'),
    token,
    file: Bun.file(small),
    rate,
    seconds: SECONDS * 2,
  });
  report.record('ImageUploaded delivery lag', `${rate} uploads/s`, lag);
  await cartBench(report, db, `${MYSQL}/gc_bench`, SECONDS);
  await ordersBench(report, db, `${MYSQL}/gc_bench`, SECONDS);
} finally {
  for (const s of started) await s.stop();
  await db.destroy();
}
usersReport.write();
report.write();
await catalogBench(catalogReport, { mysqlUrl: MYSQL, seconds: SECONDS });
catalogReport.write();
await notificationsBench(notificationsReport, { mysqlUrl: MYSQL, kafkaBrokers: KAFKA_BROKERS, seconds: SECONDS * 2 });
notificationsReport.write();
await storefrontBench(storefrontReport, { mysqlUrl: MYSQL, seconds: SECONDS });
storefrontReport.write();
// In-process, no infra: also `bun bench/request-cost.ts` alone.
const requestCostReport = createReport(0, 'request-cost');
await requestCostBench(requestCostReport);
requestCostReport.write();
process.exit(0);
