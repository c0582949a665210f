// Cold start: from spawning a service on embedded defaults (SQLite and keys under a fresh .data
// folder) to its first 200 on /healthz, then on a real request. `bun bench/cold-start.ts` runs it
// alone; `npm run bench` records it beside a bare Bun.serve started the same way in the same run.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './processes';
import { signUp } from './session';

const PORT = 18095;
const base = `http://127.0.0.1:${PORT}`;

type Probe = { path: string; init?: RequestInit };
type Sample = { healthz: number; real?: number; cpu: number };
export type ColdStart = { what: string; healthzMs: number[]; realMs: number[]; cpuMs: number[]; real?: string };

/**
 * CPU time all of a process's threads have used, in ms (Linux). On a loaded machine wall-clock
 * figures swing with the neighbours' load; the work a start does shows better in its CPU time.
 */
function cpuMs(pid: number) {
  try {
    const tasks = readdirSync(`/proc/${pid}/task`);
    const ns = tasks.reduce(
      (sum, t) => sum + Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]),
      0,
    );
    return ns / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** Only what a fresh shell would have: the bench's own DATABASE_URL or S3_* must not leak in. */
function embeddedEnv(dir: string, extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    AUTH_PORT: String(PORT),
    USERS_PORT: String(PORT),
    DATABASE_URL: path.join(dir, 'greencommerce.sqlite'),
    JWT_KEY_FILE: path.join(dir, 'auth-jwt-keys.json'),
    MEDIA_DIR: path.join(dir, 'media'),
    ...extra,
  };
}

/** Polls until `probe` answers 200 (or 201), returning the milliseconds since `t0`. */
async function firstOk(probe: Probe, t0: number, proc: Bun.Subprocess) {
  while (performance.now() - t0 < 10_000) {
    const ok = await fetch(`${base}${probe.path}`, probe.init).then(
      (r) => r.status === 200 || r.status === 201,
      () => false,
    );
    if (ok) return performance.now() - t0;
    if (proc.exitCode !== null) throw new Error(`${probe.path}: the process exited with ${proc.exitCode}`);
    await Bun.sleep(2);
  }
  throw new Error(`${probe.path}: no 200 within 10 s`);
}

/** One start: spawn, first 200 on /healthz, then the real request as soon as that answered. */
async function once(cmd: string[], env: Record<string, string>, real?: Probe): Promise<Sample> {
  const t0 = performance.now();
  const proc = Bun.spawn(cmd, { env, stdout: 'ignore', stderr: 'inherit' });
  try {
    const healthz = await firstOk({ path: '/healthz' }, t0, proc);
    const realMs = real && (await firstOk(real, t0, proc));
    return { healthz, real: realMs, cpu: cpuMs(proc.pid) };
  } finally {
    proc.kill('SIGTERM');
    await proc.exited;
  }
}

/** A .data folder with one registered user, and what a client needs to call each app as them. */
async function seed() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gc-cold-seed-'));
  const auth = Bun.spawn([process.execPath, path.join(ROOT, 'apps/auth/src/main.ts')], {
    env: embeddedEnv(dir, { ACCESS_TOKEN_TTL_SECONDS: '86400' }),
    stdout: 'ignore',
    stderr: 'inherit',
  });
  await firstOk({ path: '/healthz' }, performance.now(), auth);
  const session = await signUp(PORT);
  auth.kill('SIGTERM');
  await auth.exited;
  const keys = JSON.parse(readFileSync(path.join(dir, 'auth-jwt-keys.json'), 'utf8')) as Record<string, string>[];
  const publicKeys = keys.map(({ kty, crv, x, y, kid }) => ({ kty, crv, x, y, kid }));
  return { dir, ...session, publicKeys: JSON.stringify(publicKeys) };
}

/** Each scenario `runs` times, every run in a fresh copy of its starting folder. */
export async function coldStarts(runs: number): Promise<ColdStart[]> {
  const seeded = await seed();
  const app = (name: string) => [process.execPath, path.join(ROOT, `apps/${name}/src/main.ts`)];
  const hello = `Bun.serve({ port: ${PORT}, hostname: '127.0.0.1', fetch: () => new Response('ok') })`;
  const login: Probe = {
    path: '/auth/login',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: seeded.email, password: seeded.password }),
    },
  };
  const userInfo: Probe = { path: '/user/info', init: { headers: { authorization: `Bearer ${seeded.token}` } } };
  const scenarios: { what: string; cmd: string[]; from?: string; real?: Probe; realName?: string; extra?: object }[] = [
    { what: 'bare Bun.serve (bun -e)', cmd: [process.execPath, '-e', hello] },
    { what: 'auth, empty .data (migrations, new key)', cmd: app('auth') },
    { what: 'auth, existing .data', cmd: app('auth'), from: seeded.dir, real: login, realName: 'POST /auth/login' },
    { what: 'users, empty .data (migrations)', cmd: app('users'), extra: { JWT_PUBLIC_KEYS: seeded.publicKeys } },
    {
      what: 'users, existing .data',
      cmd: app('users'),
      from: seeded.dir,
      real: userInfo,
      realName: 'GET /user/info',
      extra: { JWT_PUBLIC_KEYS: seeded.publicKeys },
    },
  ];
  const results: ColdStart[] = [];
  for (const s of scenarios) {
    const r: ColdStart = { what: s.what, healthzMs: [], realMs: [], cpuMs: [], real: s.realName };
    for (let i = 0; i < runs; i++) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gc-cold-'));
      if (s.from) cpSync(s.from, dir, { recursive: true });
      try {
        const sample = await once(s.cmd, embeddedEnv(dir, s.extra as Record<string, string>), s.real);
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
  return results;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

if (import.meta.main) {
  const runs = Number(process.env.COLD_RUNS ?? 5);
  for (const r of await coldStarts(runs)) {
    const fmt = (xs: number[]) => `median ${median(xs)} ms [${Math.min(...xs)}–${Math.max(...xs)}]`;
    const real = r.real ? `; ${r.real} ${fmt(r.realMs)}` : '';
    console.log(`${r.what}: /healthz ${fmt(r.healthzMs)}${real}; CPU ${fmt(r.cpuMs)}`);
  }
}
