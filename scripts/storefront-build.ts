// The storefront's production build for `npm start`: `next build` (under Node, as Next runs) when there
// is no build yet or one of its sources changed since, so a fresh clone and an edited checkout both
// start the shop they have.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dir, '..');
export const storefrontDir = path.join(root, 'apps', 'storefront');
export const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

/** Everything a build is made from: the app, the typed client it bundles, and the configs. */
const SOURCES = [
  'apps/storefront/src',
  'apps/storefront/public',
  'apps/storefront/next.config.ts',
  'apps/storefront/package.json',
  'apps/storefront/tsconfig.json',
  'libs/client/src',
  'package-lock.json',
];

function newestMtime(p: string): number {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Why a build is needed, or null when the last one is newer than every source. */
export function staleBuild(): string | null {
  const built = statSync(path.join(storefrontDir, '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  if (!built) return 'no build yet';
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  return newest > built.mtimeMs ? 'sources changed since the last build' : null;
}

/** Builds when needed; false when `next build` failed (its output is on the terminal). */
export async function ensureStorefrontBuild(): Promise<boolean> {
  const reason = staleBuild();
  if (!reason) return true;
  console.log(`storefront: building (${reason}); the first build takes a minute or so…`);
  const started = performance.now();
  const build = Bun.spawn(['node', nextBin, 'build'], {
    cwd: storefrontDir,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdout: 'inherit',
    stderr: 'inherit',
  });
  const code = await build.exited;
  if (code !== 0) return false;
  console.log(`storefront: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
