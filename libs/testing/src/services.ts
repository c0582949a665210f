import path from 'node:path';

const ROOT = path.resolve(import.meta.dir, '../../..');

export type Service = { proc: Bun.Subprocess<'ignore', 'ignore', 'inherit' | 'pipe'>; base: string; port: number };

/**
 * The test runner's environment for a child process whose output a test reads: Nx forces colour
 * (FORCE_COLOR) for the tasks it runs, and Bun would then colour a CLI's plain lines and numbers.
 */
export function plainChildEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const { FORCE_COLOR: _forced, ...env } = process.env;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** A port nothing listens on right now. */
export function freePort() {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/**
 * Runs an app's real entry point (apps/<app>/src/main.ts) as its own process on a free port, and
 * waits until it answers /healthz. `stderr: 'pipe'` lets a test read what the service logged as errors.
 * System tests start apps this way and never import them.
 */
export async function startService(
  app: 'auth' | 'users' | 'catalog' | 'cart' | 'orders' | 'notifications',
  env: Record<string, string>,
  stderr: 'inherit' | 'pipe' = 'inherit',
): Promise<Service> {
  const port = freePort();
  const proc = Bun.spawn([process.execPath, path.join(ROOT, `apps/${app}/src/main.ts`)], {
    // Not the runner's whole environment: a developer's own KAFKA_BROKERS, S3_* or DATABASE_URL must never
    // point a test's service at their servers; what the service does not get here takes its default.
    env: { PATH: process.env.PATH ?? '', ...env, [`${app.toUpperCase()}_PORT`]: String(port) },
    stdout: 'ignore',
    stderr,
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    const up = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { proc, base, port };
    if (proc.exitCode !== null) break;
    await Bun.sleep(100);
  }
  proc.kill();
  throw new Error(`the ${app} service did not start (exit code ${proc.exitCode}); its stderr says why`);
}
