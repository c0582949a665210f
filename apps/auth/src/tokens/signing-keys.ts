import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { jwkList, PrivateJwk, type PublicJwk } from '@greencommerce/contracts';
import { JWT_ALGORITHM } from '@greencommerce/http';

const KeyList = jwkList(PrivateJwk);

export async function generateSigningKey(): Promise<PrivateJwk> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return PrivateJwk.parse({ ...jwk, kid: crypto.randomUUID() });
}

/**
 * Keys from config (JWT_PRIVATE_KEYS, validated by env.ts) when given; otherwise the embedded mode's
 * own key, generated on first start and kept in a file only this user can read.
 */
export async function loadSigningKeys(configured: PrivateJwk[] | undefined, keyFile: string): Promise<PrivateJwk[]> {
  if (configured) return configured;
  const read = () => KeyList.parse(JSON.parse(readFileSync(keyFile, 'utf8')));
  if (existsSync(keyFile)) return read();
  const keys = [await generateSigningKey()];
  mkdirSync(dirname(keyFile), { recursive: true });
  // Workers start together (AUTH_WORKERS): the file is written whole under a name of its own and
  // linked into place, which fails if another worker got there first; then that worker's key is
  // everyone's, so tokens one signs verify against the JWKS another publishes.
  const tmp = `${keyFile}.${process.pid}.${crypto.randomUUID()}.tmp`;
  writeFileSync(tmp, JSON.stringify(keys), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  try {
    linkSync(tmp, keyFile);
    return keys;
  } catch (err) {
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
    return read();
  } finally {
    unlinkSync(tmp);
  }
}

/** The public half of each key, as published at /.well-known/jwks.json. */
export const publicJwks = (keys: PrivateJwk[]): { keys: (PublicJwk & { use: 'sig' })[] } => ({
  keys: keys.map(({ kty, crv, x, y, kid }) => ({ kty, crv, x, y, kid, alg: JWT_ALGORITHM, use: 'sig' })),
});
