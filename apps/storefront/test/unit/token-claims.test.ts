import { describe, expect, test } from 'bun:test';
import { isAdmin, isFresh, readClaims } from '../../src/lib/token-claims';

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const token = (claims: object) => `${b64url('{"alg":"ES256"}')}.${b64url(JSON.stringify(claims))}.sig`;

describe('token claims (display only)', () => {
  test('reads the subject, email, roles, verification and expiry', () => {
    const claims = readClaims(
      token({ sub: '7', email: 'ana@ejemplo.com', roles: ['customer', 'admin'], email_verified: true, exp: 2000 }),
    );
    expect(claims).toEqual({
      sub: '7',
      email: 'ana@ejemplo.com',
      roles: ['customer', 'admin'],
      emailVerified: true,
      exp: 2000,
    });
    expect(isAdmin(claims)).toBe(true);
  });

  test('decodes UTF-8 in the payload', () => {
    expect(readClaims(token({ sub: '1', email: 'josé@ñandú.ec', exp: 1 }))?.email).toBe('josé@ñandú.ec');
  });

  test('a customer is no admin, and garbage is no token', () => {
    expect(isAdmin(readClaims(token({ sub: '1', roles: ['customer'], exp: 1 })))).toBe(false);
    for (const bad of [undefined, '', 'abc', 'a.!!!.c', `x.${b64url('[1]')}.y`, token({ sub: 1, exp: 1 })]) {
      expect(readClaims(bad)).toBeNull();
    }
    expect(isAdmin(null)).toBe(false);
  });

  test('a token is fresh until 30 seconds before it expires', () => {
    const claims = readClaims(token({ sub: '1', exp: 1000 }));
    expect(isFresh(claims, 969_000)).toBe(true);
    expect(isFresh(claims, 970_000)).toBe(false);
    expect(isFresh(claims, 1_001_000)).toBe(false);
    expect(isFresh(null, 0)).toBe(false);
  });
});
