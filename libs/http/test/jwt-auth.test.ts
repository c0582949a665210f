import { describe, expect, setSystemTime, test } from 'bun:test';
import { createHmac } from 'node:crypto';
import { sign } from 'hono/jwt';
import { AppError } from '../src/app-error';
import { createTokenVerifier } from '../src/jwt-auth';

const ISS = 'issuer';
const AUD = 'audience';

async function keyPair(kid: string) {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const priv = { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), kid, alg: 'ES256' };
  const { d: _d, key_ops: _ops, ...pub } = priv;
  return { priv, pub };
}

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

const good = await keyPair('k1');
const other = await keyPair('k2');
const verify = createTokenVerifier({ keys: [good.pub], issuer: ISS, audience: AUD });

async function rejected(token: string) {
  const err = await verify(token).catch((e) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(401);
}

describe('token verification', () => {
  test('accepts a valid ES256 token and takes the principal from it', async () => {
    expect(await verify(await sign(claims(), good.priv, 'ES256'))).toEqual({ userId: 42, email: 'a@b.co' });
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

  test('rejects an unknown kid, and a known kid with a signature from another key', async () => {
    await rejected(await sign(claims(), other.priv, 'ES256'));
    await rejected(await sign(claims(), { ...other.priv, kid: 'k1' }, 'ES256'));
  });

  test('rejects a wrong issuer or audience', async () => {
    await rejected(await sign(claims({ iss: 'someone-else' }), good.priv, 'ES256'));
    await rejected(await sign(claims({ aud: 'another-service' }), good.priv, 'ES256'));
  });

  test('rejects expired, not-yet-valid, and exp-less tokens', async () => {
    await rejected(await sign(claims({ exp: now() - 1 }), good.priv, 'ES256'));
    await rejected(await sign(claims({ nbf: now() + 600 }), good.priv, 'ES256'));
    const { exp: _exp, ...noExp } = claims();
    await rejected(await sign(noExp, good.priv, 'ES256'));
  });

  test('rejects a tampered payload', async () => {
    const [h, , s] = (await sign(claims(), good.priv, 'ES256')).split('.');
    await rejected(`${h}.${b64(claims({ sub: '1' }))}.${s}`);
  });

  test('rejects garbage and non-numeric subjects', async () => {
    await rejected('not.a.token');
    await rejected('x');
    await rejected(await sign(claims({ sub: 'admin' }), good.priv, 'ES256'));
  });
});

describe('verified-token cache', () => {
  test('a token verified once is still refused once it expires', async () => {
    const cached = createTokenVerifier({ keys: [good.pub], issuer: ISS, audience: AUD });
    const token = await sign(claims({ exp: now() + 60 }), good.priv, 'ES256');
    expect(await cached(token)).toMatchObject({ userId: 42 });
    expect(await cached(token)).toMatchObject({ userId: 42 });
    setSystemTime(new Date(Date.now() + 61_000));
    try {
      const err = await cached(token).catch((e) => e);
      expect((err as AppError).status).toBe(401);
    } finally {
      setSystemTime();
    }
  });
});

describe('JWKS source', () => {
  test('fetches keys, refetches for a new kid (rotation), and reports the auth service down as 503', async () => {
    let served = [good.pub];
    let up = true;
    const fetchImpl = (async () => {
      if (!up) throw new Error('ECONNREFUSED');
      return Response.json({ keys: served });
    }) as unknown as typeof fetch;
    let fetches = 0;
    const counted = ((...args: Parameters<typeof fetch>) => {
      fetches++;
      return fetchImpl(...args);
    }) as typeof fetch;
    const fromJwks = createTokenVerifier({
      jwksUrl: 'http://auth/jwks',
      issuer: ISS,
      audience: AUD,
      fetchImpl: counted,
      minRefetchMs: 0,
    });
    expect(await fromJwks(await sign(claims(), good.priv, 'ES256'))).toMatchObject({ userId: 42 });
    expect(await fromJwks(await sign(claims(), good.priv, 'ES256'))).toMatchObject({ userId: 42 });
    expect(fetches).toBe(1);

    const rotated = await keyPair('k3');
    served = [good.pub, rotated.pub];
    expect(await fromJwks(await sign(claims(), rotated.priv, 'ES256'))).toMatchObject({ userId: 42 });
    expect(fetches).toBe(2);

    up = false;
    const cold = createTokenVerifier({ jwksUrl: 'http://auth/jwks', issuer: ISS, audience: AUD, fetchImpl });
    const err = await cold(await sign(claims(), good.priv, 'ES256')).catch((e) => e);
    expect((err as AppError).status).toBe(503);
  });
});
