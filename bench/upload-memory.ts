// `bun bench/upload-memory.ts`: issue 9's upload memory target. One users process per image,
// 16 connections uploading for BENCH_SECONDS; peak RSS at 5 MiB must stay within 25% of 100 KiB.
// Both sizes carry the same 64×64 pixels, so only the bytes to stream grow: a JPEG padded with
// comment segments (which libjpeg keeps in memory while decoding) and a PNG padded with a private
// chunk (which decoders skip). Needs MariaDB and an S3 server (BENCH_S3_ENDPOINT); no Kafka.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createDb, insertUser, migrateToLatest } from '@greencommerce/db';
import { TEST_JWT_ENV, tokenFor } from '@greencommerce/testing';
import { sql } from 'kysely';
import { jpegOf } from './jpeg';
import { load } from './load';
import { pngOf } from './png';
import { peakRss, ROOT, start } from './processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MYSQL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const S3_ENDPOINT = process.env.BENCH_S3_ENDPOINT ?? 'http://127.0.0.1:9090';
const BUCKET = 'gc-bench-upload-memory';
const PORT = 18092;
const DB = 'gc_bench_upload_memory';

const admin = createDb({ url: `${MYSQL}/mysql`, poolSize: 1 });
await sql.raw(`DROP DATABASE IF EXISTS ${DB}`).execute(admin);
await sql.raw(`CREATE DATABASE ${DB}`).execute(admin);
const db = createDb({ url: `${MYSQL}/${DB}` });
await migrateToLatest(db);
const s3 = new S3Client({
  endpoint: S3_ENDPOINT,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});
await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => {});
const email = `memory.${Date.now()}@example.com`;
const userId = await insertUser(db, {
  name: 'Bench',
  last_name: 'User',
  day_birth: 1,
  month_birth: 1,
  year_birth: 1990,
  gender: 'Otro',
  phone_number: '0991234567',
  email,
  password: 'not-used',
});
const token = await tokenFor(userId, email);

async function measure(label: string, bytes: Uint8Array) {
  const file = path.join(ROOT, `.data/bench-memory-${label.replace(/\W+/g, '-')}`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  // A fresh process per run, so each peak is that run's alone.
  const users = await start('users', 'apps/users/src/main.ts', PORT, {
    ...TEST_JWT_ENV,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    USERS_PORT: String(PORT),
    USERS_WORKERS: '1',
    // The 16 connections upload as one account, standing for 16 shoppers.
    UPLOADS_PER_ACCOUNT: '16',
    DATABASE_URL: `${MYSQL}/${DB}`,
    S3_ENDPOINT,
    S3_BUCKET: BUCKET,
    S3_ACCESS_KEY_ID: 'bench',
    S3_SECRET_ACCESS_KEY: 'bench',
  });
  try {
    const run = await peakRss(users.pids(), () =>
      load({
        url: `http://127.0.0.1:${PORT}/upload`,
        connections: 16,
        seconds: SECONDS,
        headers: { authorization: `Bearer ${token}` },
        form: { image: { type: 'file', path: file } },
      }),
    );
    const r = run.result;
    console.log(`${label}: ${r.requests} uploads (${r.rps}/s, non-2xx ${r.non2xx}), peak RSS ${run.peakMib} MiB`);
    return run.peakMib;
  } finally {
    await users.stop();
  }
}

for (const [kind, make] of [
  ['JPEG', jpegOf],
  ['PNG', pngOf],
] as const) {
  const small = await measure(`${kind} 100 KiB`, make(100 * 1024));
  const large = await measure(`${kind} 5 MiB`, make(5 * 1024 * 1024));
  const growth = (large / small - 1) * 100;
  console.log(`${kind}: peak RSS growth from 100 KiB to 5 MiB ${growth.toFixed(1)}% (target: under 25%)`);
}
await db.destroy();
await sql.raw(`DROP DATABASE IF EXISTS ${DB}`).execute(admin);
await admin.destroy();
process.exit(0);
