import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dir, '..');

export type Service = { name: string; port: number; proc: Bun.Subprocess; pids(): number[]; stop(): Promise<void> };

/** A process and its descendants: a service's supervisor and its workers. */
export function tree(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return [pid, ...children.flatMap((c) => tree(Number(c)))];
  } catch {
    return [];
  }
}

/**
 * CPU time all threads of a process and of its children (a supervisor's workers) have used, in ms
 * (Linux). On a loaded machine wall-clock figures swing with the neighbours' load; the work done
 * shows better in CPU time.
 */
export function cpuMs(pid: number) {
  let ns = 0;
  for (const p of tree(pid)) {
    try {
      for (const t of readdirSync(`/proc/${p}/task`)) {
        ns += Number(readFileSync(`/proc/${p}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
      }
    } catch {
      // Exited meanwhile: its time is gone with it.
    }
  }
  return ns / 1e6;
}

/** Starts a script (an app runs as many workers as its env says) and waits until it answers. */
export function start(
  name: string,
  script: string,
  port: number,
  env: Record<string, string>,
  health = '/healthz',
): Promise<Service> {
  return startCommand(name, [process.execPath, path.join(ROOT, script)], port, env, { health });
}

/** Starts any command (the storefront's `node next start`, say) and waits until it answers on its port. */
export async function startCommand(
  name: string,
  command: string[],
  port: number,
  env: Record<string, string>,
  { health = '/healthz', cwd = ROOT }: { health?: string; cwd?: string } = {},
): Promise<Service> {
  const proc = Bun.spawn(command, {
    cwd,
    env: { ...process.env, ...env, PORT: String(port) },
    stdout: process.env.BENCH_VERBOSE ? 'inherit' : 'ignore',
    stderr: 'inherit',
  });
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}${health}`).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      break;
    await Bun.sleep(100);
  }
  return {
    name,
    port,
    proc,
    pids: () => tree(proc.pid),
    async stop() {
      proc.kill('SIGTERM');
      await proc.exited;
    },
  };
}

const rssKib = (pid: number) => {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
};

/** Samples the summed resident memory of some processes while `work` runs; returns its peak in MiB. */
export async function peakRss<T>(pids: number[], work: () => Promise<T>): Promise<{ result: T; peakMib: number }> {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(
      peak,
      pids.reduce((s, pid) => s + rssKib(pid), 0),
    );
  }, 50);
  try {
    const result = await work();
    return { result, peakMib: Math.round(peak / 102.4) / 10 };
  } finally {
    clearInterval(timer);
  }
}
