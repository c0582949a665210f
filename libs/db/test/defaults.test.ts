import { expect, test } from 'bun:test';
import path from 'node:path';

/** The embedded defaults as a fresh process computes them from its environment. */
function defaultsWith(env: Record<string, string>) {
  const script = `const d = await import(${JSON.stringify(path.join(import.meta.dir, '../src/defaults.ts'))}); console.log(JSON.stringify(d));`;
  const run = Bun.spawnSync([process.execPath, '-e', script], { env: { PATH: process.env.PATH ?? '', ...env } });
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout.toString()) as { DATA_DIR: string; DEFAULT_DATABASE_URL: string };
}

test('DATA_DIR moves the embedded state folder and its database; unset, it is .data/ at the root', () => {
  expect(defaultsWith({ DATA_DIR: '/tmp/gc-elsewhere' })).toEqual({
    DATA_DIR: '/tmp/gc-elsewhere',
    DEFAULT_DATABASE_URL: '/tmp/gc-elsewhere/greencommerce.sqlite',
  });
  const root = path.resolve(import.meta.dir, '../../..');
  expect(defaultsWith({})).toEqual({
    DATA_DIR: path.join(root, '.data'),
    DEFAULT_DATABASE_URL: path.join(root, '.data', 'greencommerce.sqlite'),
  });
});
