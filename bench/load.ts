import path from 'node:path';
import { ROOT } from './processes';

export type LoadResult = { rps: number; p50: number; p99: number; errors: number; non2xx: number; requests: number };

/** Drives a URL with autocannon, in its own Node process so it does not share Bun's event loop. */
export async function load(opts: {
  url: string;
  connections: number;
  seconds: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  form?: object;
}): Promise<LoadResult> {
  const args = [
    path.join(ROOT, 'node_modules/autocannon/autocannon.js'),
    '--json',
    '-c',
    String(opts.connections),
    '-d',
    String(opts.seconds),
    '-m',
    opts.method ?? (opts.form ? 'POST' : 'GET'),
  ];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}=${v}`);
  if (opts.body) args.push('-b', opts.body);
  if (opts.form) args.push('-F', JSON.stringify(opts.form));
  args.push(opts.url);
  const proc = Bun.spawn(['node', ...args], { stdout: 'pipe', stderr: 'ignore' });
  const out = await new Response(proc.stdout).text();
  await proc.exited;
  const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    requests: r.requests.total,
  };
}

/**
 * Drives each target once, unrecorded, before the measured rounds. A service's first seconds under
 * load go to JIT-compiling its code (during a checkout run's first 5 s JSC's JIT threads took 0.19 of
 * the 2 cores, beside a main thread at 0.58), which a baseline of a dozen lines hardly pays; without
 * this the first round compares a cold service with a warm baseline. `WARMUP_SECONDS` (default 3; 0 skips).
 */
export async function warmUp(targets: Parameters<typeof load>[0][]) {
  const seconds = warmUpSeconds();
  if (seconds === 0) return;
  for (const target of targets) {
    const run = await load({ ...target, seconds });
    // Unrecorded, not unseen: a warm-up that fails says the measured rounds will too.
    if (run.errors + run.non2xx > 0)
      console.warn(`warm-up of ${target.url}: ${run.errors} errors, ${run.non2xx} non-2xx`);
  }
}

/** `WARMUP_SECONDS`, checked: a typo must not become `-d NaN` for autocannon or a NaN cart budget. */
export function warmUpSeconds() {
  return numberSetting('WARMUP_SECONDS', 3, 0);
}

/** The round with the median req/s, whole: every figure reported beside it comes from that same round. */
export const medianRun = <R extends { rps: number }>(runs: R[]): R =>
  [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;

/** A numeric bench setting from the environment (rounds, seconds): its default when unset, else a finite number ≥ min. */
export function numberSetting(name: string, fallback: number, min = 1) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name}=${raw}: a number of at least ${min} is needed`);
  return value;
}
