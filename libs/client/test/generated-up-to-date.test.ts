import { beforeAll, expect, test } from 'bun:test';
import path from 'node:path';
import { APPS, type AppName } from '../scripts/app-documents';
import { GENERATE_COMMAND, GENERATED_DIR, generatedSources } from '../scripts/generate';

let fresh: Record<AppName, string>;
beforeAll(async () => {
  fresh = await generatedSources();
});

// An API change that is not regenerated would leave the client typed against the old API.
test('each committed src/generated/<app>.ts matches what its app serves now', async () => {
  const stale: string[] = [];
  for (const name of APPS) {
    const committed = await Bun.file(path.join(GENERATED_DIR, `${name}.ts`))
      .text()
      .catch(() => null);
    if (committed !== fresh[name]) stale.push(name);
  }
  const problem = stale.length
    ? `out of date: ${stale.join(', ')}; run \`${GENERATE_COMMAND}\` and commit the result`
    : 'none';
  expect(problem).toBe('none');
});

test('every generated module declares paths and the one error shape', () => {
  for (const name of APPS) {
    expect({ name, errorShape: fresh[name].includes('ErrorBody: {') }).toEqual({ name, errorShape: true });
    expect(fresh[name]).toMatch(/export interface paths \{\n {4}"\//);
  }
});
