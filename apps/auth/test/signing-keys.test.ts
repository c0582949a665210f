import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSigningKeys } from '../src/tokens/signing-keys';

const dir = mkdtempSync(path.join(tmpdir(), 'gc-signing-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('workers starting together without JWT_PRIVATE_KEYS end up with one key: the one in the file', async () => {
  // AUTH_WORKERS defaults to 2 on a configured database: both workers find no key file on a first start.
  const keyFile = path.join(dir, 'nested', 'keys.json');
  const loaded = await Promise.all(Array.from({ length: 4 }, () => loadSigningKeys(undefined, keyFile)));
  const stored = JSON.parse(readFileSync(keyFile, 'utf8'));
  for (const keys of loaded) expect(keys).toEqual(stored);
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  expect(await loadSigningKeys(undefined, keyFile)).toEqual(stored);
});
