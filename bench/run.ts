// `npm run bench`: starts the real stack and the services in production mode, drives them with
// autocannon, and prints every figure beside a baseline measured in this same run.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createDb, migrateToLatest } from '@greencommerce/db';
import { consumeFromKafka, createKafka, topics } from '@greencommerce/events';
import { sql } from 'kysely';
import { load } from './load';
import { peakRss, ROOT, type Service, start } from './processes';
import { signUp } from './session';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const MYSQL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const S3_ENDPOINT = 'http://127.0.0.1:9090';
const BUCKET = 'gc-bench';
const ARGON2 = { memoryCost: 19456, timeCost: 2 };
const HASH_CONCURRENCY = os.availableParallelism();
const PORTS = { auth: 18081, users: 18082, constant: 18090, pk: 18091 };

const rows: { what: string; config: string; figures: Record<string, number>; baseline: string; ratio?: number }[] = [];
const record = (what: string, config: string, figures: Record<string, number>, baseline = '', ratio?: number) => {
  rows.push({ what, config, figures, baseline, ratio });
  const ratioText = ratio === undefined ? '' : `  → ${(ratio * 100).toFixed(0)}% of ${baseline}`;
  console.log(`${what} [${config}] ${JSON.stringify(figures)}${ratioText}`);
};

async function infraUp() {
  const p = Bun.spawn(['bash', path.join(ROOT, 'infra/up.sh')], { stdout: 'inherit', stderr: 'inherit' });
  if ((await p.exited) !== 0) throw new Error('infra/up.sh failed');
}

async function prepareDatabase() {
  const admin = createDb({ url: `${MYSQL}/mysql`, poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS gc_bench`.execute(admin);
  await sql`CREATE DATABASE gc_bench`.execute(admin);
  await admin.destroy();
  const db = createDb({ url: `${MYSQL}/gc_bench` });
  await migrateToLatest(db);
  return db;
}

const s3 = new S3Client({
  endpoint: S3_ENDPOINT,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});

function servicesEnv(kafka: boolean): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: `${MYSQL}/gc_bench`,
    KAFKA_BROKERS: kafka ? '127.0.0.1:9092' : '',
    S3_ENDPOINT,
    S3_BUCKET: BUCKET,
    S3_ACCESS_KEY_ID: 'bench',
    S3_SECRET_ACCESS_KEY: 'bench',
    S3_PUBLIC_BASE_URL: `${S3_ENDPOINT}/${BUCKET}`,
    AUTH_PORT: String(PORTS.auth),
    USERS_PORT: String(PORTS.users),
    AUTH_JWKS_URL: `http://127.0.0.1:${PORTS.auth}/.well-known/jwks.json`,
    JWT_KEY_FILE: path.join(ROOT, '.data/bench-jwt-keys.json'),
    LOGIN_IP_LIMIT: '1000000000',
    LOGIN_ACCOUNT_FAILURE_LIMIT: '1000000000',
    HASH_CONCURRENCY: String(HASH_CONCURRENCY),
    UPLOAD_MAX_BYTES: String(5 * 1024 * 1024),
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** argon2id with the service's parameters and concurrency: the ceiling for logins. */
async function hashRate(seconds: number) {
  let n = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: HASH_CONCURRENCY }, async () => {
      while (performance.now() < until) {
        await Bun.password.hash('correct horse battery', { algorithm: 'argon2id', ...ARGON2 });
        n++;
      }
    }),
  );
  return n / seconds;
}

/** A raw PutObject loop to the same server with as many requests in flight: the ceiling for uploads. */
async function putRate(bytes: Uint8Array, connections: number, seconds: number) {
  let n = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      while (performance.now() < until) {
        await s3.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: `raw/${w}/${n}.jpg`, Body: bytes, ContentType: 'image/jpeg' }),
        );
        n++;
      }
    }),
  );
  return n / seconds;
}

/** A JPEG of about `size` bytes: header, padding in comment segments, end marker. */
function jpegOf(size: number) {
  const out = new Uint8Array(size);
  out.set([0xff, 0xd8]);
  let at = 2;
  while (at + 65537 + 19 < size) {
    out.set([0xff, 0xfe, 0xff, 0xff], at);
    out.fill(0x20, at + 4, at + 65537);
    at += 65537;
  }
  const sof = [0xff, 0xc0, 0, 11, 8, 0, 64, 0, 64, 1, 1, 0x11, 0];
  out.set(sof, at);
  at += sof.length;
  const pad = size - at - 2;
  out.set([0xff, 0xfe, (pad >> 8) & 255, pad & 255], at);
  out.fill(0x20, at + 4, size - 2);
  out.set([0xff, 0xd9], size - 2);
  return out;
}

async function main() {
  await infraUp();
  const db = await prepareDatabase();
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => {});
  const env = servicesEnv(true);
  let auth: Service | undefined;
  let users: Service | undefined;
  const started: Service[] = [];
  try {
    auth = await start('auth', 'apps/auth/src/main.ts', PORTS.auth, env);
    started.push(auth);
    const { userId, email, password, token } = await signUp(PORTS.auth);
    const bearer = { authorization: `Bearer ${token}` };

    // GET /user/info against its two ceilings, with one users process and with one per core.
    const constant = await start('constant', 'bench/baselines/constant-server.ts', PORTS.constant, {}, 1, '/');
    const constantLoad = await load({ url: `http://127.0.0.1:${PORTS.constant}/`, connections: 64, seconds: SECONDS });
    await constant.stop();
    record('bare Bun.serve constant', '1 process', {
      rps: constantLoad.rps,
      p50: constantLoad.p50,
      p99: constantLoad.p99,
    });
    const pk = await start(
      'mysql-pk',
      'bench/baselines/mysql-pk-server.ts',
      PORTS.pk,
      { DATABASE_URL: `${MYSQL}/gc_bench`, USER_ID: String(userId) },
      1,
      '/',
    );
    const pkLoad = await load({ url: `http://127.0.0.1:${PORTS.pk}/`, connections: 64, seconds: SECONDS });
    await pk.stop();
    record('bare Bun + mysql2 PK lookup (DB ceiling)', '1 process', {
      rps: pkLoad.rps,
      p50: pkLoad.p50,
      p99: pkLoad.p99,
    });

    for (const count of [1, 2]) {
      users = await start('users', 'apps/users/src/main.ts', PORTS.users, env, count);
      const r = await load({
        url: `http://127.0.0.1:${PORTS.users}/user/info`,
        connections: 64,
        seconds: SECONDS,
        headers: bearer,
      });
      record(
        'GET /user/info',
        `${count} process${count > 1 ? 'es' : ''}`,
        { rps: r.rps, p50: r.p50, p99: r.p99, non2xx: r.non2xx },
        'DB ceiling',
        r.rps / pkLoad.rps,
      );
      if (count === 1) rows.at(-1)!.figures.ofConstantPct = Math.round((r.rps / constantLoad.rps) * 100);
      if (count === 2) break;
      await users.stop();
    }
    started.push(users!);

    // POST /auth/login against argon2id alone.
    const hashes = await hashRate(SECONDS);
    record('argon2id hashes (m=19 MiB, t=2)', `${HASH_CONCURRENCY} in parallel`, {
      perSecond: Math.round(hashes * 10) / 10,
    });
    const loginRun = await peakRss(
      auth.procs.map((p) => p.pid),
      () =>
        load({
          url: `http://127.0.0.1:${PORTS.auth}/auth/login`,
          connections: 64,
          seconds: SECONDS,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        }),
    );
    const l = loginRun.result;
    record(
      'POST /auth/login',
      '1 process, 64 connections',
      { rps: l.rps, p99: l.p99, peakRssMib: loginRun.peakMib, non2xx: l.non2xx },
      'argon2id ceiling',
      l.rps / hashes,
    );

    // POST /upload against raw PutObject, at two sizes.
    for (const [label, size] of [
      ['100 KiB', 100 * 1024],
      ['2 MiB', 2 * 1024 * 1024],
    ] as const) {
      const bytes = jpegOf(size);
      const file = path.join(ROOT, `.data/bench-${size}.jpg`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
      const raw = await putRate(bytes, 16, SECONDS);
      record(`raw PutObject ${label}`, '16 in flight', { perSecond: Math.round(raw * 10) / 10 });
      const run = await peakRss(
        users!.procs.map((p) => p.pid),
        () =>
          load({
            url: `http://127.0.0.1:${PORTS.users}/upload`,
            connections: 16,
            seconds: SECONDS,
            headers: bearer,
            form: { image: { type: 'file', path: file } },
          }),
      );
      const r = run.result;
      record(
        `POST /upload ${label}`,
        `${users!.procs.length} processes, 16 connections`,
        { rps: r.rps, p99: r.p99, peakRssMib: run.peakMib, non2xx: r.non2xx },
        'raw PutObject',
        r.rps / raw,
      );
    }

    // ImageUploaded delivery lag: from the upload's 201 to the event consumed from Kafka.
    const kafka = createKafka(['127.0.0.1:9092'], 'bench-lag');
    const answeredAt = new Map<string, number>();
    // Consumption can beat the client to its own 201, so both moments are kept and paired afterwards.
    const consumedAt = new Map<string, number>();
    const sub = await consumeFromKafka({
      kafka,
      db,
      group: `bench-lag-${crypto.randomUUID()}`,
      topics: [topics.ImageUploaded],
      fromBeginning: false,
      handler: async (_trx, e) => {
        if (e.event === 'ImageUploaded') consumedAt.set(e.data.key, performance.now());
      },
    });
    await Bun.sleep(2000);
    const small = Bun.file(path.join(ROOT, `.data/bench-${100 * 1024}.jpg`));
    const rate = 20;
    for (let i = 0; i < rate * SECONDS * 2; i++) {
      const tick = performance.now();
      const form = new FormData();
      form.append('image', small);
      const res = await fetch(`http://127.0.0.1:${PORTS.users}/upload`, {
        method: 'POST',
        headers: bearer,
        body: form,
      });
      if (res.status === 201) answeredAt.set(((await res.json()) as { key: string }).key, performance.now());
      await Bun.sleep(Math.max(0, 1000 / rate - (performance.now() - tick)));
    }
    const lagDeadline = Date.now() + 15_000;
    const delivered = () => [...answeredAt.keys()].filter((k) => consumedAt.has(k)).length;
    while (delivered() < answeredAt.size && Date.now() < lagDeadline) await Bun.sleep(100);
    await sub.stop();
    const lags = [...answeredAt].flatMap(([key, at]) => (consumedAt.has(key) ? [consumedAt.get(key)! - at] : []));
    const sorted = [...lags].sort((a, b) => a - b);
    record('ImageUploaded delivery lag', `${rate} uploads/s`, {
      // Negative: the event was consumed before the client had read its 201.
      p50ms: Math.round(pct(sorted, 0.5)),
      p99ms: Math.round(pct(sorted, 0.99)),
      delivered: lags.length,
      uploads: answeredAt.size,
    });
  } finally {
    for (const s of started) await s.stop();
    await db.destroy();
  }
  writeReport();
}

function writeReport() {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Bun ${Bun.version}`;
  const docs = path.join(ROOT, 'docs');
  mkdirSync(docs, { recursive: true });
  const json = { date: new Date().toISOString(), machine, seconds: SECONDS, command: 'npm run bench', rows };
  writeFileSync(path.join(docs, 'benchmarks.json'), `${JSON.stringify(json, null, 2)}\n`);
  const table = rows
    .map((r) => {
      const figures = Object.entries(r.figures)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      const ratio = r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(0)}% of ${r.baseline}`;
      return `| ${r.what} | ${r.config} | ${figures} | ${ratio} |`;
    })
    .join('\n');
  const marker = '<!-- results -->';
  const file = path.join(docs, 'benchmarks.md');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const [head = '', rest = ''] = existing.includes(marker) ? existing.split(marker) : ['# Benchmarks\n\n', ''];
  const tail = rest.includes('<!-- /results -->')
    ? rest.slice(rest.indexOf('<!-- /results -->'))
    : '<!-- /results -->\n';
  const body = `${marker}\nLast run: ${json.date}, \`npm run bench\`, ${SECONDS} s per figure, on ${machine}.\n\n| what | configuration | figures (req/s, latency ms, MiB) | against the same-run baseline |\n| --- | --- | --- | --- |\n${table}\n`;
  writeFileSync(file, `${head}${body}${tail}`);
  console.log(`\nwrote docs/benchmarks.md and docs/benchmarks.json`);
}

await main();
process.exit(0);
