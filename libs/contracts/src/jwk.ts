import { z } from 'zod';

/** Base64url without padding, as JWK coordinates are written (RFC 7518 §6.2.1). */
const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

// The one key type tokens use: EC P-256 (ES256), each with a kid so verifiers can pick it.
const ecP256 = {
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: b64url,
  y: b64url,
  kid: z.string().min(1),
  alg: z.literal('ES256').optional(),
};

/** A public verification key: a private part here would publish the signing key. */
export const PublicJwk = z
  .looseObject(ecP256)
  .refine((k) => !('d' in k), { message: 'is a private key (has "d"); give only the public part' });
export type PublicJwk = z.infer<typeof PublicJwk>;

export const PrivateJwk = z.looseObject({ ...ecP256, d: b64url });
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
