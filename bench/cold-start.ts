// Cold start: from spawning a service on embedded defaults (SQLite and keys under a fresh .data
// folder) to its first 200 on /healthz, then on a real request. Each service is started as `npm start`
// starts it (its bundle, scripts/service-build.ts, built fresh first and the build timed apart) and
// from its sources (`bun apps/<app>/src/main.ts`, as `nx serve` runs it). `bun bench/cold-start.ts`
// runs it alone; `npm run bench` records it beside a bare Bun.serve started the same way in the same run.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@greencommerce/testing';
import { bundleEntry, ensureServiceBuilds, type ServiceName } from '../scripts/service-build';
import { cpuMs, ROOT } from './processes';
import { registration, signUp } from './session';

type Probe = { path: string; init?: RequestInit };
type Sample = { healthz: number; real?: number; cpu: number };
export type ColdStart = { what: string; healthzMs: number[]; realMs: number[]; cpuMs: number[]; real?: string };

/** Issue 9's target: process start to the first 200 on a real request. */
export const COLD_START_TARGET_MS = 300;

const PORT_VARS = ['AUTH', 'USERS', 'CATALOG', 'CART', 'ORDERS', 'NOTIFICATIONS'].map((app) => `${app}_PORT`);

/** Only what a fresh shell would have: the bench's own DATABASE_URL or S3_* must not leak in. */
export function embeddedEnv(dir: string, port: number, extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...Object.fromEntries(PORT_VARS.map((v) => [v, String(port)])),
    DATABASE_URL: path.join(dir, 'greencommerce.sqlite'),
    JWT_KEY_FILE: path.join(dir, 'auth-jwt-keys.json'),
    MEDIA_DIR: path.join(dir, 'media'),
    ...extra,
  };
}

/** Polls until `probe` answers 200 (or 201), returning the milliseconds since `t0`. */
async function firstOk(port: number, probe: Probe, t0: number, proc: Bun.Subprocess) {
  let last = 'no answer';
  while (performance.now() - t0 < 10_000) {
    const status = await fetch(`http://127.0.0.1:${port}${probe.path}`, probe.init).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200 || status === 201) return performance.now() - t0;
    if (status !== 0) last = `status ${status}`;
    if (proc.exitCode !== null) throw new Error(`${probe.path}: the process exited with ${proc.exitCode}`);
    await Bun.sleep(2);
  }
  throw new Error(`${probe.path}: no 200 within 10 s (${last})`);
}

/** One start: spawn, first 200 on /healthz, then the real request as soon as that answered. */
export async function once(cmd: string[], env: Record<string, string>, port: number, real?: Probe): Promise<Sample> {
  const t0 = performance.now();
  const proc = Bun.spawn(cmd, { env, stdout: 'ignore', stderr: 'inherit' });
  try {
    const healthz = await firstOk(port, { path: '/healthz' }, t0, proc);
    const realMs = real && (await firstOk(port, real, t0, proc));
    return { healthz, real: realMs, cpu: cpuMs(proc.pid) };
  } finally {
    proc.kill('SIGTERM');
    await proc.exited;
  }
}

const source = (name: ServiceName) => [process.execPath, path.join(ROOT, `apps/${name}/src/main.ts`)];
const bundle = (name: ServiceName) => [process.execPath, bundleEntry(name)];

/** Starts auth on `env` just long enough to register one user and log them in. */
async function withUser(env: Record<string, string>, port: number) {
  const auth = Bun.spawn(source('auth'), { env, stdout: 'ignore', stderr: 'inherit' });
  try {
    await firstOk(port, { path: '/healthz' }, performance.now(), auth);
    return await signUp(port);
  } finally {
    auth.kill('SIGTERM');
    await auth.exited;
  }
}

/** A .data folder with one registered user, and what a client needs to call each app as them. */
export async function seed() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gc-cold-seed-'));
  const port = freePort();
  const session = await withUser(embeddedEnv(dir, port, { ACCESS_TOKEN_TTL_SECONDS: '86400' }), port);
  const keys = JSON.parse(readFileSync(path.join(dir, 'auth-jwt-keys.json'), 'utf8')) as Record<string, string>[];
  const publicKeys = keys.map(({ kty, crv, x, y, kid }) => ({ kty, crv, x, y, kid }));
  return { dir, ...session, publicKeys: JSON.stringify(publicKeys) };
}

export type Scenario = {
  what: string;
  cmd: string[];
  /** How the service was started: its bundle (as `npm start` does) or its sources; none for the bare baseline. */
  entry?: 'bundle' | 'sources';
  /** A folder copied for each start (a seeded .data); a fresh empty one otherwise. */
  from?: string;
  real?: Probe;
  realName?: string;
  extra?: Record<string, string>;
};

/**
 * The bare baseline and every service on embedded defaults; with `mysqlUrl` (a migrated, otherwise
 * unused MariaDB database), auth on it as well, as one process and as the default one per core.
 * Each service scenario twice: from its bundle (built beforehand), then from its sources.
 */
export async function scenarios(
  seeded: Awaited<ReturnType<typeof seed>>,
  opts: { mysqlUrl?: string } = {},
): Promise<Scenario[]> {
  const hello = `Bun.serve({ port: Number(process.env.AUTH_PORT), hostname: '127.0.0.1', fetch: () => new Response('ok') })`;
  const json = (method: string, body: object, headers: Record<string, string> = {}): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const login: Probe = {
    path: '/auth/login',
    init: json('POST', { email: seeded.email, password: seeded.password }),
  };
  const bearer = { headers: { authorization: `Bearer ${seeded.token}` } };
  const verifier = { JWT_PUBLIC_KEYS: seeded.publicKeys };
  const all: (Omit<Scenario, 'cmd'> & { app: ServiceName })[] = [
    {
      what: 'auth, empty .data (migrations, new key)',
      app: 'auth',
      real: { path: '/auth/register', init: json('POST', { ...registration, email: 'cold@example.com' }) },
      realName: 'POST /auth/register',
    },
    { what: 'auth, existing .data', app: 'auth', from: seeded.dir, real: login, realName: 'POST /auth/login' },
    { what: 'users, empty .data (migrations)', app: 'users', extra: verifier },
    {
      what: 'users, existing .data',
      app: 'users',
      from: seeded.dir,
      real: { path: '/user/info', init: bearer },
      realName: 'GET /user/info',
      extra: verifier,
    },
    {
      what: 'catalog, existing .data',
      app: 'catalog',
      from: seeded.dir,
      real: { path: '/products?limit=24' },
      realName: 'GET /products',
    },
    {
      what: 'cart, existing .data',
      app: 'cart',
      from: seeded.dir,
      real: { path: '/cart', init: bearer },
      realName: 'GET /cart',
      extra: verifier,
    },
    {
      what: 'orders, existing .data',
      app: 'orders',
      from: seeded.dir,
      real: { path: '/orders', init: bearer },
      realName: 'GET /orders',
      extra: verifier,
    },
    // A worker with no API of its own: /healthz is its first 200.
    { what: 'notifications, existing .data', app: 'notifications', from: seeded.dir },
  ];
  if (opts.mysqlUrl) {
    const port = freePort();
    const mysqlEnv = { DATABASE_URL: opts.mysqlUrl, JWT_KEY_FILE: path.join(seeded.dir, 'auth-jwt-keys.json') };
    const session = await withUser(embeddedEnv(seeded.dir, port, mysqlEnv), port);
    const mysqlLogin = {
      path: '/auth/login',
      init: json('POST', { email: session.email, password: session.password }),
    };
    // One process, then the default on a configured database: a supervisor and one worker per core.
    for (const [label, workers] of [
      ['1 process', { AUTH_WORKERS: '1' }],
      ['default workers (one per core)', {}],
    ] as const) {
      all.push({
        what: `auth, MariaDB (migrated by npm run migrate), ${label}`,
        app: 'auth',
        real: mysqlLogin,
        realName: 'POST /auth/login',
        extra: { ...mysqlEnv, ...workers },
      });
    }
  }
  const bare = { what: 'bare Bun.serve (bun -e)', cmd: [process.execPath, '-e', hello] };
  return [
    bare,
    ...all.flatMap(({ app, ...s }) => [
      { ...s, what: `${s.what}, bundle (npm start)`, entry: 'bundle' as const, cmd: bundle(app) },
      { ...s, what: `${s.what}, sources`, entry: 'sources' as const, cmd: source(app) },
    ]),
  ];
}

/**
 * Builds every bundle afresh (timed apart: what the first `npm start` after a change adds, in ms per
 * service), then runs each scenario `runs` times, every run in a fresh copy of its starting folder.
 */
export async function coldStarts(runs: number, opts: { mysqlUrl?: string } = {}) {
  const built = await ensureServiceBuilds(undefined, { force: true });
  const seeded = await seed();
  const results: ColdStart[] = [];
  for (const s of await scenarios(seeded, opts)) {
    const r: ColdStart = { what: s.what, healthzMs: [], realMs: [], cpuMs: [], real: s.realName };
    for (let i = 0; i < runs; i++) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gc-cold-'));
      if (s.from) cpSync(s.from, dir, { recursive: true });
      const port = freePort();
      try {
        const sample = await once(s.cmd, embeddedEnv(dir, port, s.extra), port, s.real);
        r.healthzMs.push(Math.round(sample.healthz));
        if (sample.real !== undefined) r.realMs.push(Math.round(sample.real));
        r.cpuMs.push(Math.round(sample.cpu));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    results.push(r);
  }
  rmSync(seeded.dir, { recursive: true, force: true });
  return { built, starts: results };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

if (import.meta.main) {
  const runs = Number(process.env.COLD_RUNS ?? 5);
  const fmt = (xs: number[]) => `median ${median(xs)} ms [${Math.min(...xs)}–${Math.max(...xs)}]`;
  const { built, starts } = await coldStarts(runs, { mysqlUrl: process.env.COLD_MYSQL_URL });
  console.log(`bundles built in ${JSON.stringify(built)} ms`);
  for (const r of starts) {
    const real = r.real ? `; ${r.real} ${fmt(r.realMs)}` : '';
    console.log(`${r.what}: /healthz ${fmt(r.healthzMs)}${real}; CPU ${fmt(r.cpuMs)}`);
  }
}
