import { createPrivateKey, createPublicKey } from 'node:crypto';
import { z } from 'zod';

/** Base64url without padding, as JWK coordinates are written (RFC 7518 §6.2.1). */
const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

/** jose skips keys whose key_ops leave out the operation, so such a key would fail every token. */
const keyOps = (op: 'sign' | 'verify') =>
  z
    .array(z.string())
    .refine((ops) => ops.includes(op), `must include "${op}"`)
    .optional();

// The one key type tokens use: EC P-256 (ES256), each with a kid so verifiers can pick it.
const ecP256 = {
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: b64url,
  y: b64url,
  kid: z.string().min(1),
  alg: z.literal('ES256').optional(),
  use: z.literal('sig').optional(),
  ext: z.boolean().optional(),
};

/**
 * Whether the key material itself is sound: a point off the curve, a truncated coordinate or a `d`
 * that is not the private half of x/y passes every field check, then fails each token at run time.
 */
const importable = (load: (opts: { key: JsonWebKey; format: 'jwk' }) => unknown) => (k: object) => {
  try {
    load({ key: k as JsonWebKey, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
};

/** A public verification key: a private part here would publish the signing key. */
export const PublicJwk = z
  .looseObject({ ...ecP256, key_ops: keyOps('verify') })
  .refine((k) => !('d' in k), { message: 'is a private key (has "d"); give only the public part' })
  .refine(importable(createPublicKey), 'is not a valid P-256 public key (x, y)');
export type PublicJwk = z.infer<typeof PublicJwk>;

export const PrivateJwk = z
  .looseObject({ ...ecP256, d: b64url, key_ops: keyOps('sign') })
  .refine(importable(createPrivateKey), 'is not a valid P-256 private key (d does not match x, y)');
export type PrivateJwk = z.infer<typeof PrivateJwk>;

/**
 * A list of keys as configuration holds it: a JSON array of JWKs, or a JWKS document
 * (`{"keys":[...]}`), since that is what an operator copies from /.well-known/jwks.json.
 * Kids must be unique: a verifier picks the key by kid.
 */
export const jwkList = <K extends z.ZodType<{ kid: string }>>(key: K) =>
  z.preprocess(
    (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) && 'keys' in v ? v.keys : v),
    z
      .array(key, 'must be a JSON array of JWKs or a JWKS {"keys":[...]}')
      .min(1, 'must hold at least one key')
      .refine((keys) => new Set(keys.map((k) => k.kid)).size === keys.length, 'has two keys with the same kid'),
  );
