import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, TEST_SMTP_URL } from '@greencommerce/testing';

export const ROOT = path.resolve(import.meta.dir, '../../../../..');

/** Each app's port variable, as scripts/start.ts reads them. */
const PORT_VARS = [
  'AUTH_PORT',
  'USERS_PORT',
  'CATALOG_PORT',
  'CART_PORT',
  'ORDERS_PORT',
  'NOTIFICATIONS_PORT',
  'STOREFRONT_PORT',
] as const;

/** Generous: on a loaded 2-core machine `next build` alone has taken over a minute. */
const START_TIMEOUT_MS = 15 * 60_000;

export type Platform = {
  /** The storefront, as a shopper opens it. */
  url: string;
  /** The run's own embedded state: SQLite database, media files, signing keys. */
  dataDir: string;
  /** The environment the platform runs with (what `npm run admin:grant` needs to find its database). */
  env: Record<string, string>;
  stop(): Promise<void>;
};

/**
 * `npm start` (scripts/start.ts) as a developer runs it, on embedded defaults, with its own data folder
 * and ports so that a developer's own `npm start` is neither met nor touched, and mail going to the test
 * run's maildev. It builds the storefront when its build is stale, as `npm start` does, so that time is
 * part of the suite's. It runs in its own process group, which stop() ends whole.
 */
async function startPlatform(): Promise<Platform> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gc-e2e-'));
  const ports = new Set<number>();
  while (ports.size < PORT_VARS.length) ports.add(freePort());
  const env: Record<string, string> = {
    // Only what a shell gives: a developer's DATABASE_URL, KAFKA_BROKERS or S3_* must not move the
    // platform off its embedded defaults.
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dataDir,
    DATA_DIR: dataDir,
    SMTP_URL: TEST_SMTP_URL,
    ...Object.fromEntries(PORT_VARS.map((name, i) => [name, String([...ports][i])])),
  };
  const log = path.join(dataDir, 'platform.log');
  const out = openSync(log, 'a');
  const proc = Bun.spawn([process.execPath, path.join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env,
    stdin: 'ignore',
    stdout: out,
    stderr: out,
    detached: true,
  });
  closeSync(out);
  const group = proc.pid;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-group, signal);
    } catch {
      // The group is already gone.
    }
  };
  // A run that ends without afterAll still takes the platform with it: on exit, and, when this process
  // is killed outright (a signal, a closed output pipe), a watchdog that outlives it by a second at most
  // and removes the run's data too.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const watchdog = Bun.spawn(
    [
      'bash',
      '-c',
      'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -KILL -- "-$2" 2>/dev/null; [ -z "$3" ] || rm -rf -- "$3"',
      'e2e-watchdog',
      String(process.pid),
      String(group),
      process.env.E2E_KEEP_DATA ? '' : dataDir,
    ],
    { detached: true, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' },
  );
  watchdog.unref();

  const stop = async () => {
    process.off('exit', onExit);
    watchdog.kill('SIGKILL');
    killGroup('SIGTERM');
    const exited = await Promise.race([proc.exited.then(() => true), Bun.sleep(20_000).then(() => false)]);
    // Whatever is left of the group (a child that ignored SIGTERM, or everything if start.ts hung).
    killGroup('SIGKILL');
    if (!exited) await proc.exited;
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${env.STOREFRONT_PORT}`;
  const healthz = PORT_VARS.map((name) => `http://127.0.0.1:${env[name]}/healthz`);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const up = await Promise.all(
      healthz.map((u) =>
        fetch(u).then(
          (r) => r.ok,
          () => false,
        ),
      ),
    );
    if (up.every(Boolean)) break;
    const said = readFileSync(log, 'utf8');
    const failed = proc.exitCode !== null || said.includes('next build failed') || Date.now() > deadline;
    if (failed) {
      await stop();
      const why = proc.exitCode !== null ? `start.ts exited with ${proc.exitCode}` : 'it did not become healthy';
      throw new Error(`the platform did not start (${why}); the end of its output:\n${said.slice(-4000)}`);
    }
    await Bun.sleep(250);
  }
  // Its database in the run's folder: a developer's .data/ was not the one used.
  if (!existsSync(path.join(dataDir, 'greencommerce.sqlite'))) {
    await stop();
    throw new Error(`the platform did not keep its state in DATA_DIR (${dataDir})`);
  }
  const build = /storefront: built in ([\d.]+) s/.exec(readFileSync(log, 'utf8'));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `e2e: platform up at ${url} in ${seconds} s (${build ? `storefront built in ${build[1]} s` : 'storefront build up to date'}); data in ${dataDir}`,
  );
  return { url, dataDir, env, stop };
}

let running: Promise<Platform> | undefined;

/** The run's one platform, started by the first test file that asks for it. */
export const platform = () => {
  running ??= startPlatform();
  return running;
};

/** Stops the platform if this run started it (the run's global afterAll). */
export async function stopPlatform() {
  const p = running;
  running = undefined;
  await (await p?.catch(() => undefined))?.stop();
}
