import { expect, test } from 'bun:test';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dir, '../../..');
const FIXTURE = path.join(import.meta.dir, 'consumer');

/** What must never reach a frontend's type graph: server runtimes, drivers, SDKs and the apps' own source. */
const FORBIDDEN = [/\/bun-types\//, /\/@types\/bun\//, /\/kysely\//, /\/mysql2\//, /\/@aws-sdk\//, /^apps\//];

/** The listed files a frontend must not see (paths relative to the repository root). */
const leaks = (files: string[]) => files.filter((f) => FORBIDDEN.some((re) => re.test(f)));

test('the leak check recognises each forbidden kind of file', () => {
  expect(
    leaks([
      'node_modules/bun-types/index.d.ts',
      'node_modules/kysely/dist/esm/index.d.ts',
      'node_modules/mysql2/typings/mysql/index.d.ts',
      'node_modules/@aws-sdk/client-s3/dist-types/index.d.ts',
      'apps/catalog/src/app.ts',
      'libs/client/src/index.ts',
      'node_modules/openapi-fetch/dist/index.d.mts',
    ]),
  ).toHaveLength(5);
});

// A frontend (tsconfig with `types: []`, strict, bundler resolution) that imports only the package:
// it must type-check, its marked wrong calls must be errors (an unused @ts-expect-error fails), and
// its type graph must hold nothing of the server side even though skipLibCheck would hide errors there.
test('a frontend type-checks against @greencommerce/client alone', async () => {
  const proc = Bun.spawn([path.join(ROOT, 'node_modules/.bin/tsc'), '-p', FIXTURE, '--listFiles'], {
    cwd: ROOT,
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  const lines = out.split('\n').filter(Boolean);
  const files = lines.filter((l) => l.startsWith('/')).map((f) => path.relative(ROOT, f));
  expect({ code, errors: lines.filter((l) => !l.startsWith('/')) }).toEqual({ code: 0, errors: [] });
  // What is really in the graph: the package's source, the fixture, openapi-fetch, the DOM lib.
  expect(files).toContain('libs/client/src/index.ts');
  expect(files).toContain('libs/client/src/generated/orders.ts');
  expect(files).toContain(path.relative(ROOT, path.join(FIXTURE, 'storefront-calls.ts')));
  expect(files.some((f) => f.startsWith('node_modules/openapi-fetch/'))).toBe(true);
  expect(leaks(files)).toEqual([]);
  // Only the client's own source from this repository, nothing of the other libs.
  expect(files.filter((f) => !f.startsWith('node_modules/') && !f.startsWith('libs/client/'))).toEqual([]);
});
