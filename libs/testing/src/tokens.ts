import { createTokenVerifier } from '@greencommerce/http';
import { sign } from 'hono/jwt';

// A signing key of the test run's own: tokens as the auth service would issue them, and the
// public half for a service (or verifier) to trust.
const ISS = 'test-issuer';
const AUD = 'test-audience';

const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
const privateJwk = {
  ...(await crypto.subtle.exportKey('jwk', pair.privateKey)),
  kid: 'test-key',
  alg: 'ES256',
};
const { d: _d, key_ops: _ops, ...publicJwk } = privateJwk;

/** The public key of tokenFor(), as a service's JWT_PUBLIC_KEYS would hold it. */
export const TEST_JWT_ENV = { JWT_PUBLIC_KEYS: JSON.stringify([publicJwk]), JWT_ISSUER: ISS, JWT_AUDIENCE: AUD };

/** Verifies tokens from tokenFor(), as the users service verifies the auth service's. */
export const testVerifier = () => createTokenVerifier({ keys: [publicJwk], issuer: ISS, audience: AUD });

/**
 * An access token as the auth service would issue it: a customer's (roles ["customer"]) unless
 * `claims` says otherwise. `{ roles: ['customer', 'admin'] }` is an admin's; `{ roles: undefined }`
 * leaves the claim out, as in tokens issued before roles existed; any other claim can be forged.
 */
export async function tokenFor(userId: number, email = `u${userId}@example.com`, claims: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return sign(
    { sub: String(userId), email, roles: ['customer'], iss: ISS, aud: AUD, iat: now, exp: now + 600, ...claims },
    privateJwk,
    'ES256',
  );
}

/** An admin's access token, as auth issues it after `npm run admin:grant` and a login or refresh. */
export const adminTokenFor = (userId: number, email = `u${userId}@example.com`, claims: Record<string, unknown> = {}) =>
  tokenFor(userId, email, { roles: ['customer', 'admin'], ...claims });

/** A fresh private signing key, as an auth service's JWT_PRIVATE_KEYS holds it. */
export async function signingKey(kid = `test-${crypto.randomUUID()}`) {
  const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  return { ...(await crypto.subtle.exportKey('jwk', privateKey)), kid, alg: 'ES256' };
}
