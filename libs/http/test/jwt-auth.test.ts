import { afterAll, afterEach, describe, expect, setSystemTime, test } from 'bun:test';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { AppError } from '../src/app-error';
import { createTokenVerifier, MAX_TOKEN_AGE_SECONDS } from '../src/jwt-auth';

const ISS = 'issuer';
const AUD = 'audience';

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { kid, privateKey, pub: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } as JWK };
}

type Pair = Awaited<ReturnType<typeof keyPair>>;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (over: Record<string, unknown> = {}) => ({
  sub: '42',
  email: 'a@b.co',
  iss: ISS,
  aud: AUD,
  iat: now(),
  exp: now() + 600,
  ...over,
});
const dropClaim = (name: string) => Object.fromEntries(Object.entries(claims()).filter(([k]) => k !== name));

/** A token as the auth service signs it; `header` overrides let tests forge the rest. */
const sign = (payload: Record<string, unknown>, key: Pair, header: Record<string, unknown> = {}) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: key.kid, ...header }).sign(key.privateKey);

/** A token from an auth host whose clock is `skew` seconds ahead of ours. */
const skewed = (skew: number, key: Pair) => sign(claims({ iat: now() + skew, exp: now() + skew + 900 }), key);

const good = await keyPair('k1');
const other = await keyPair('k2');
const verify = createTokenVerifier({ keys: [good.pub], issuer: ISS, audience: AUD });

async function rejected(token: string, verifier = verify) {
  const err = await verifier(token).catch((e) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(401);
}

afterEach(() => setSystemTime());

describe('token verification', () => {
  test('accepts a valid ES256 token and takes the principal from it', async () => {
    expect(await verify(await sign(claims({ roles: ['customer'] }), good))).toEqual({
      userId: 42,
      email: 'a@b.co',
      roles: ['customer'],
      emailVerified: false,
    });
  });

  test('rejects alg none', async () => {
    await rejected(`${b64({ alg: 'none', typ: 'JWT', kid: 'k1' })}.${b64(claims())}.`);
  });

  test('rejects HS256 signed with the public key as the secret', async () => {
    const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'k1' })}.${b64(claims())}`;
    for (const secret of [JSON.stringify(good.pub), good.pub.x as string]) {
      const sig = createHmac('sha256', secret).update(head).digest('base64url');
      await rejected(`${head}.${sig}`);
    }
  });

  test('rejects RS256, even from a key published under the same kid', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'k1' } as JWK;
    const withRsa = createTokenVerifier({ keys: [good.pub, rsaJwk], issuer: ISS, audience: AUD });
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(rsa.privateKey);
    await rejected(token, withRsa);
  });

  test('rejects a token without a kid, even when only one key could match', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256' }).sign(good.privateKey);
    await rejected(token);
  });

  test('rejects an unknown kid, and a known kid with a signature from another key', async () => {
    await rejected(await sign(claims(), other));
    await rejected(await sign(claims(), other, { kid: 'k1' }));
  });

  test('rejects a wrong issuer or audience', async () => {
    await rejected(await sign(claims({ iss: 'someone-else' }), good));
    await rejected(await sign(claims({ aud: 'another-service' }), good));
  });

  test('rejects a token missing sub, exp, iat or email', async () => {
    for (const name of ['sub', 'exp', 'iat', 'email']) await rejected(await sign(dropClaim(name), good));
  });

  test('rejects a tampered payload', async () => {
    const [h, , s] = (await sign(claims(), good)).split('.');
    await rejected(`${h}.${b64(claims({ sub: '1' }))}.${s}`);
  });

  test('rejects garbage and non-numeric subjects', async () => {
    await rejected('not.a.token');
    await rejected('x');
    await rejected(await sign(claims({ sub: 'admin' }), good));
    await rejected(await sign(claims({ sub: '0' }), good));
    await rejected(await sign(claims({ sub: '99999999999999999' }), good));
  });
});

describe('the roles claim', () => {
  const rolesOf = async (roles: unknown) => (await verify(await sign(claims({ roles }), good))).roles;

  test('is taken as it is signed: ["customer"], ["customer", "admin"], ["admin"]', async () => {
    expect(await rolesOf(['customer'])).toEqual(['customer']);
    expect(await rolesOf(['customer', 'admin'])).toEqual(['customer', 'admin']);
    expect(await rolesOf(['admin'])).toEqual(['admin']);
    expect(await rolesOf([])).toEqual([]);
  });

  test('a token from before roles existed (no claim) is valid and grants no role', async () => {
    expect(await verify(await sign(dropClaim('roles'), good))).toEqual({
      userId: 42,
      email: 'a@b.co',
      roles: [],
      emailVerified: false,
    });
  });

  test('email_verified: true or false as claimed; absent (a token from before it existed) is false', async () => {
    const verifiedOf = async (c: Record<string, unknown>) => (await verify(await sign(claims(c), good))).emailVerified;
    expect(await verifiedOf({ email_verified: true })).toBe(true);
    expect(await verifiedOf({ email_verified: false })).toBe(false);
    expect(await verifiedOf({})).toBe(false);
  });

  test('an email_verified claim that is not a boolean makes the token invalid', async () => {
    for (const email_verified of ['true', 1, 0, null, {}, [true]]) {
      await rejected(await sign(claims({ email_verified }), good));
    }
  });

  test('role names this code does not know are dropped, not refused; known ones are kept once, in order', async () => {
    expect(await rolesOf(['superuser', 'admin', 'customer', 'admin'])).toEqual(['customer', 'admin']);
    // Matching is exact: no case folding, no whitespace trimming, no prefix.
    expect(await rolesOf(['Admin', ' admin', 'admin ', 'ADMIN', 'administrator'])).toEqual([]);
  });

  test('a roles claim that is not an array of strings makes the token invalid', async () => {
    for (const roles of [
      'admin',
      'customer,admin',
      null,
      1,
      true,
      {},
      { admin: true },
      [1],
      [null],
      [['admin']],
      [{}],
    ]) {
      await rejected(await sign(claims({ roles }), good));
    }
    await rejected(await sign(claims({ roles: Array.from({ length: 33 }, () => 'customer') }), good));
    await rejected(await sign(claims({ roles: ['x'.repeat(65)] }), good));
  });
});

describe('clock skew between the auth host and this one', () => {
  test('an issuer clock 1 s or 29 s ahead is tolerated', async () => {
    expect(await verify(await skewed(1, good))).toMatchObject({ userId: 42 });
    expect(await verify(await skewed(29, good))).toMatchObject({ userId: 42 });
    expect(await verify(await sign(claims({ nbf: now() + 29 }), good))).toMatchObject({ userId: 42 });
  });

  test('an issuer clock 60 s ahead is not (iat or nbf in the future)', async () => {
    await rejected(await skewed(60, good));
    await rejected(await sign(claims({ nbf: now() + 60 }), good));
  });

  test('a token expired within the tolerance passes; beyond it, it is refused', async () => {
    expect(await verify(await sign(claims({ iat: now() - 900, exp: now() - 20 }), good))).toMatchObject({
      userId: 42,
    });
    await rejected(await sign(claims({ iat: now() - 900, exp: now() - 40 }), good));
  });

  test('the tolerance is configurable', async () => {
    const strict = createTokenVerifier({ keys: [good.pub], issuer: ISS, audience: AUD, clockToleranceSeconds: 0 });
    await rejected(await skewed(29, good), strict);
  });
});

describe('verified-token cache', () => {
  test('a repeat is answered from the cache (the same principal), a rejected token is not kept', async () => {
    const cached = createTokenVerifier({ keys: [good.pub], issuer: ISS, audience: AUD });
    const token = await sign(claims(), good);
    const first = await cached(token);
    expect(await cached(token)).toBe(first);
    const forged = await sign(claims(), other, { kid: 'k1' });
    await rejected(forged, cached);
    await rejected(forged, cached);
  });

  test('a token verified once is still refused once it expires beyond the tolerance', async () => {
    const cached = createTokenVerifier({ keys: [good.pub], issuer: ISS, audience: AUD });
    const token = await sign(claims({ exp: now() + 60 }), good);
    expect(await cached(token)).toMatchObject({ userId: 42 });
    expect(await cached(token)).toMatchObject({ userId: 42 });
    setSystemTime(new Date(Date.now() + 95_000));
    await rejected(token, cached);
  });

  test('a cached token is refused once it is older than the longest token age, whatever its exp', async () => {
    const cached = createTokenVerifier({ keys: [good.pub], issuer: ISS, audience: AUD });
    // What a leaked signing key could mint: issued now, expiring in ten days.
    const token = await sign(claims({ exp: now() + 10 * 86_400 }), good);
    expect(await cached(token)).toMatchObject({ userId: 42 });
    setSystemTime(new Date(Date.now() + (MAX_TOKEN_AGE_SECONDS + 31) * 1000));
    await rejected(token, cached);
  });
});

/** A real JWKS endpoint on a free port, counting what it serves. */
function jwksServer() {
  const state = { keys: [good.pub], answer: 'keys' as 'keys' | 'down' | 'garbage', fetches: 0 };
  const answers = {
    keys: () => Response.json({ keys: state.keys }),
    down: () => new Response('down', { status: 502 }),
    garbage: () => Response.json({ hello: 'world' }),
  };
  const server = Bun.serve({
    port: 0,
    fetch() {
      state.fetches++;
      return answers[state.answer]();
    },
  });
  const verifier = () =>
    createTokenVerifier({ jwksUrl: `http://127.0.0.1:${server.port}/jwks`, issuer: ISS, audience: AUD });
  return { state, server, verifier };
}

const later = (seconds: number) => setSystemTime(new Date(Date.now() + seconds * 1000));
const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: AppError) => e.status,
  );
const unknownKid = async () => sign(claims(), other, { kid: crypto.randomUUID() });

describe('JWKS source', () => {
  const jwks = jwksServer();
  afterAll(() => jwks.server.stop(true));
  afterEach(() => {
    jwks.state.fetches = 0;
    jwks.state.answer = 'keys';
    jwks.state.keys = [good.pub];
  });

  test('100 concurrent requests with random unknown kids cost one fetch, on a cold start and after the cooldown', async () => {
    const verifier = jwks.verifier();
    const tokens = await Promise.all(Array.from({ length: 100 }, unknownKid));
    expect(await Promise.all(tokens.map((t) => statusOf(verifier(t))))).toEqual(tokens.map(() => 401));
    expect(jwks.state.fetches).toBe(1);

    later(31);
    const more = await Promise.all(Array.from({ length: 100 }, unknownKid));
    expect(await Promise.all(more.map((t) => statusOf(verifier(t))))).toEqual(more.map(() => 401));
    expect(jwks.state.fetches).toBe(2);
  });

  test('a failing JWKS is 503 naming it, and is retried only after the cooldown', async () => {
    const verifier = jwks.verifier();
    jwks.state.answer = 'down';
    const tokens = await Promise.all(Array.from({ length: 100 }, () => sign(claims(), good)));
    const failures = await Promise.all(tokens.map((t) => verifier(t).catch((e: AppError) => e)));
    for (const err of failures) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(503);
      expect((err as AppError).message).toContain('auth keys (JWKS)');
    }
    expect(jwks.state.fetches).toBe(1);

    jwks.state.answer = 'keys';
    later(10);
    expect(await statusOf(verifier(tokens[0] as string))).toBe(503);
    expect(jwks.state.fetches).toBe(1);

    later(21);
    expect(await verifier(tokens[0] as string)).toMatchObject({ userId: 42 });
    expect(jwks.state.fetches).toBe(2);
  });

  test('a 200 that is not a key set counts as a failure too', async () => {
    const verifier = jwks.verifier();
    jwks.state.answer = 'garbage';
    expect(await statusOf(verifier(await sign(claims(), good)))).toBe(503);
    expect(await statusOf(verifier(await sign(claims(), good)))).toBe(503);
    expect(jwks.state.fetches).toBe(1);
  });

  test('key rotation: a new kid is picked up once the cooldown has passed', async () => {
    const verifier = jwks.verifier();
    expect(await verifier(await sign(claims(), good))).toMatchObject({ userId: 42 });
    expect(jwks.state.fetches).toBe(1);

    const rotated = await keyPair('k3');
    jwks.state.keys = [good.pub, rotated.pub];
    await rejected(await sign(claims(), rotated), verifier);
    expect(jwks.state.fetches).toBe(1);

    later(31);
    expect(await verifier(await sign(claims(), rotated))).toMatchObject({ userId: 42 });
    expect(await verifier(await sign(claims(), good))).toMatchObject({ userId: 42 });
    expect(jwks.state.fetches).toBe(2);
  });

  test('key rotation: a token verified before its key left the JWKS is refused once the JWKS is refetched', async () => {
    const verifier = jwks.verifier();
    const token = await sign(claims({ exp: now() + 900 }), good);
    expect(await verifier(token)).toMatchObject({ userId: 42 });
    expect(await verifier(token)).toMatchObject({ userId: 42 });

    jwks.state.keys = [other.pub];
    later(601); // past the JWKS cache age (10 min), before the token's exp
    await rejected(token, verifier);
    expect(jwks.state.fetches).toBe(2);
  });
});
