// The services' production bundles for `npm start`: each app's ~600 modules (kysely, zod, hono, jose,
// pino, the libs) in one CommonJS file with its parsed bytecode beside it (`bun build --target=bun
// --format=cjs --bytecode`), so a start loads one file instead of resolving and parsing every module:
// about half the CPU of a start from sources (docs/benchmarks.md, cold start). Built when missing or
// older than its sources; `nx serve <app>` and `bun apps/<app>/src/main.ts` keep running the sources.
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dir, '..');

export const SERVICES = ['auth', 'users', 'catalog', 'cart', 'orders', 'notifications'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const bundleDir = (app: ServiceName) => path.join(root, 'apps', app, 'dist', 'bundle');
/** What `npm start` runs: `bun <this>`. */
export const bundleEntry = (app: ServiceName) => path.join(bundleDir(app), 'main.js');

/**
 * Loaded on first use by the sources, and only then (tests/system/embedded-start.test.ts): left out of
 * the bundle they stay so, required from node_modules when first needed; sharp's native binding and
 * Stripe's SDK load as they do from sources.
 */
const EXTERNAL = ['sharp', 'nodemailer', 'stripe', 'kafkajs', 'mysql2', '@aws-sdk/*'];

/** Everything a bundle is made from besides node_modules (which package-lock.json stands for). */
const sources = (app: ServiceName) => [
  path.join(root, 'apps', app, 'src'),
  ...readdirSync(path.join(root, 'libs')).map((lib) => path.join(root, 'libs', lib, 'src')),
  path.join(root, 'package-lock.json'),
  import.meta.path,
];

function newestMtime(p: string): number {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

type Stamp = { bun: string; startedAt: number };

/** Why `app` needs a build, or null when its bundle is newer than every source and made by this Bun. */
export function staleBundle(app: ServiceName): string | null {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(bundleDir(app), 'build.json'), 'utf8')) as Stamp;
  } catch {
    return 'no build yet';
  }
  // Bytecode is specific to the Bun that made it (another one would parse the source again).
  if (stamp.bun !== Bun.version) return `built by Bun ${stamp.bun}`;
  const newest = Math.max(...sources(app).map(newestMtime));
  return newest > stamp.startedAt ? 'sources changed since the last build' : null;
}

/**
 * Builds `app`'s bundle into a fresh folder, then puts it in place: a process starting meanwhile
 * runs the previous one whole. Throws with the bundler's messages when the build fails.
 */
export async function buildService(app: ServiceName) {
  const dir = bundleDir(app);
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const startedAt = Date.now();
  const result = await Bun.build({
    entrypoints: [path.join(root, 'apps', app, 'src', 'main.ts')],
    outdir: tmp,
    target: 'bun',
    // Bytecode without --compile needs CommonJS, which also rules out top-level await (main.ts has none).
    format: 'cjs',
    bytecode: true,
    external: EXTERNAL,
    // Files imported `with { type: 'file' }` (Scalar's API reference) are copied beside the bundle and
    // named by this path, which Bun.file would otherwise resolve against the working directory.
    publicPath: `${dir}/`,
    throw: false,
  });
  if (!result.success) {
    rmSync(tmp, { recursive: true, force: true });
    throw new AggregateError(result.logs, `${app}: bun build failed:\n${result.logs.join('\n')}`);
  }
  writeFileSync(path.join(tmp, 'build.json'), `${JSON.stringify({ bun: Bun.version, startedAt } satisfies Stamp)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

/**
 * Builds each stale bundle of `apps` (each one with `force`), one after another: each build takes
 * about half a second and uses every core. Returns how long each build took, in ms.
 */
export async function ensureServiceBuilds(apps: readonly ServiceName[] = SERVICES, opts: { force?: boolean } = {}) {
  const took: Partial<Record<ServiceName, number>> = {};
  for (const app of apps) {
    if (!opts.force && !staleBundle(app)) continue;
    const started = performance.now();
    await buildService(app);
    took[app] = Math.round(performance.now() - started);
  }
  return took;
}
