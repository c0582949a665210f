import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMysqlTestDb, freePort, images, type TestDb } from '@greencommerce/testing';
import { bundleEntry, ensureServiceBuilds, type ServiceName } from '../../scripts/service-build';

// What `npm start` runs: each service's bundle (scripts/service-build.ts), one CommonJS file with its
// bytecode. Built here as npm start builds it, then started and asked real requests: the paths the
// sources resolve from their own folder (the demo shop's assets, Scalar's file, .data), sharp's native
// binding, the drivers left out of the bundle, and a supervisor running the bundle again as its workers.
const dir = mkdtempSync(path.join(os.tmpdir(), 'gc-bundle-start-'));
const procs: Bun.Subprocess[] = [];
let t: TestDb;
beforeAll(async () => {
  await ensureServiceBuilds();
  t = await createMysqlTestDb('bundle_start');
}, 60_000);
afterAll(async () => {
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => p.exited));
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `app`'s bundle with only `env` (no developer's DATABASE_URL leaking in); resolves once /healthz answers. */
async function startBundle(app: ServiceName, env: Record<string, string>, modulesOut?: string) {
  const port = freePort();
  const preload = modulesOut ? ['--preload', path.join(import.meta.dir, 'fixtures/list-modules.ts')] : [];
  const proc = Bun.spawn([process.execPath, ...preload, bundleEntry(app)], {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dir,
      ...(modulesOut ? { MODULES_OUT: modulesOut } : {}),
      ...env,
      [`${app.toUpperCase()}_PORT`]: String(port),
    },
    stdout: 'ignore',
    stderr: 'inherit',
  });
  procs.push(proc);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300 && proc.exitCode === null; i++) {
    const health = await fetch(`${base}/healthz`).then(
      (r) => (r.ok ? (r.json() as Promise<{ pid?: number }>) : null),
      () => null,
    );
    if (health) return { proc, base, health };
    await Bun.sleep(50);
  }
  throw new Error(`${app}'s bundle did not answer /healthz (exit code ${proc.exitCode})`);
}

// A task's `children` lists only the children that thread forked: read every thread's.
const childrenOf = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
  );

const stop = async (proc: Bun.Subprocess) => {
  proc.kill('SIGTERM');
  return proc.exited;
};

test('auth and users from their bundles: register, log in, the API reference, an upload re-encoded by sharp', async () => {
  const auth = await startBundle('auth', {});
  const json = (body: object) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const email = `bundle.${Date.now()}@example.com`;
  const password = 'correct horse battery';
  const registered = await fetch(
    `${auth.base}/auth/register`,
    json({
      email,
      password,
      name: 'Bundle',
      lastName: 'Start',
      dayBirth: 1,
      monthBirth: 1,
      yearBirth: 1990,
      gender: 'Otro',
      phoneNumber: '0991234567',
    }),
  );
  expect(registered.status).toBe(201);
  const login = await fetch(`${auth.base}/auth/login`, json({ email, password }));
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };

  // Scalar's bundle is a file copied beside the service's bundle, found whatever the working directory.
  const page = await (await fetch(`${auth.base}/docs`)).text();
  const script = /src="(\/docs\/scalar\.js[^"]*)"/.exec(page)?.[1];
  expect(script).toBeDefined();
  const scalar = await fetch(`${auth.base}${script}`);
  expect(scalar.status).toBe(200);
  expect((await scalar.text()).length).toBeGreaterThan(100_000);

  const users = await startBundle('users', { AUTH_JWKS_URL: `${auth.base}/.well-known/jwks.json` });
  const bearer = { authorization: `Bearer ${token}` };
  const info = await fetch(`${users.base}/user/info`, { headers: bearer });
  expect(info.status).toBe(200);
  expect(((await info.json()) as { email: string }).email).toBe(email);

  const form = new FormData();
  form.append('image', new Blob([images.png(4, 4)], { type: 'image/png' }), 'me.png');
  const upload = await fetch(`${users.base}/upload`, { method: 'POST', headers: bearer, body: form });
  expect(upload.status).toBe(201);
  const { imageUrl } = (await upload.json()) as { imageUrl: string };
  const served = await images.inspect(await (await fetch(imageUrl)).arrayBuffer());
  expect([served.format, served.width, served.height]).toEqual(['png', 4, 4]);

  expect(await stop(users.proc)).toBe(0);
  expect(await stop(auth.proc)).toBe(0);
}, 60_000);

test("catalog's bundle fills the demo shop from the app's assets, and loads one file plus no unused driver", async () => {
  const out = path.join(dir, 'catalog-modules.json');
  const catalog = await startBundle('catalog', {}, out);
  const products = await fetch(`${catalog.base}/products?limit=3`);
  expect(products.status).toBe(200);
  expect((await products.json()) as unknown[]).toHaveLength(3);
  expect(await stop(catalog.proc)).toBe(0);

  const modules = JSON.parse(readFileSync(out, 'utf8')) as string[];
  const root = path.resolve(import.meta.dir, '../..');
  // The preload itself and the bundle; hono, kysely, zod and the libs are inside the bundle.
  expect(modules.filter((m) => m.startsWith(root) && !m.includes('/fixtures/'))).toEqual([bundleEntry('catalog')]);
  expect(modules.filter((m) => /node_modules\/(kafkajs|mysql2|@aws-sdk|sharp|nodemailer|stripe)\//.test(m))).toEqual(
    [],
  );
}, 60_000);

test('on a configured database the bundle supervises workers that run the bundle again', async () => {
  const users = await startBundle('users', {
    DATABASE_URL: t.url,
    MEDIA_DIR: path.join(dir, 'media'),
    USERS_WORKERS: '2',
  });
  expect(users.health.pid).toBeDefined();
  expect(users.health.pid).not.toBe(users.proc.pid);
  const workers = childrenOf(users.proc.pid);
  expect(workers).toHaveLength(2);
  for (const pid of workers) {
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain(bundleEntry('users'));
  }
  expect(await stop(users.proc)).toBe(0);
}, 60_000);
