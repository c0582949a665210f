import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, TEST_JWT_ENV } from '@greencommerce/testing';

// A start on embedded defaults loads no client for a server it does not use (Kafka, MySQL, S3), nor
// what only some requests need (sharp for an upload, nodemailer for a message, Stripe's SDK when
// configured): each cost 50–100 ms of every start (docs/benchmarks.md, cold start).
const dir = mkdtempSync(path.join(os.tmpdir(), 'gc-embedded-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function modulesLoadedBy(app: 'auth' | 'users' | 'orders' | 'notifications') {
  const port = freePort();
  const out = path.join(dir, `${app}-modules.json`);
  const proc = Bun.spawn(
    [
      process.execPath,
      '--preload',
      path.join(import.meta.dir, 'fixtures/list-modules.ts'),
      path.resolve(import.meta.dir, `../../apps/${app}/src/main.ts`),
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        ...TEST_JWT_ENV,
        MODULES_OUT: out,
        [`${app.toUpperCase()}_PORT`]: String(port),
        DATABASE_URL: path.join(dir, `${app}.sqlite`),
        JWT_KEY_FILE: path.join(dir, 'keys.json'),
        MEDIA_DIR: path.join(dir, 'media'),
      },
      stdout: 'ignore',
      stderr: 'inherit',
    },
  );
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await Bun.sleep(100);
  }
  proc.kill('SIGTERM');
  expect(await proc.exited).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as string[];
}

const unused = /node_modules\/(kafkajs|mysql2|@aws-sdk|sharp|nodemailer|stripe)\//;

for (const [app, none] of [
  ['auth', 'kafkajs nor mysql2'],
  ['users', 'kafkajs, mysql2, the AWS SDK nor sharp (until an upload)'],
  ['orders', "kafkajs, mysql2 nor Stripe's SDK (the test provider only)"],
  ['notifications', 'kafkajs, mysql2 nor nodemailer (until a message or a readiness check)'],
] as const) {
  test(`${app} on embedded defaults loads neither ${none}`, async () => {
    const modules = await modulesLoadedBy(app);
    expect(modules.some((m) => m.includes('/node_modules/hono/'))).toBe(true);
    expect(modules.filter((m) => unused.test(m))).toEqual([]);
  }, 60_000);
}
