import { describe, expect, test } from 'bun:test';
import {
  ACCESS_COOKIE,
  cookieOptions,
  isSecureHost,
  REFRESH_COOKIE,
  REFRESH_MAX_AGE_SECONDS,
  tokenCookies,
} from '../../src/lib/session-cookies';

describe('session cookies', () => {
  test('are Secure everywhere but on the local machine', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', 'localhost', '[::1]:3000', 'shop.localhost:3000']) {
      expect(isSecureHost(host)).toBe(false);
    }
    for (const host of ['shop.example.com', 'shop.example.com:443', '10.0.0.5:3000', 'localhost.evil.com']) {
      expect(isSecureHost(host)).toBe(true);
    }
    // Without a Host header, the safe choice.
    expect(isSecureHost(null)).toBe(true);
  });

  test('are httpOnly and SameSite=Lax on the whole site', () => {
    expect(cookieOptions('shop.example.com', 60)).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/',
      maxAge: 60,
    });
  });

  test('keep the access token as long as it lives and the refresh token as long as the service keeps it', () => {
    const [access, refresh] = tokenCookies({ token: 'a.b.c', refreshToken: 'r', expiresIn: 900 }, '127.0.0.1:3000');
    expect(access).toMatchObject({ name: ACCESS_COOKIE, value: 'a.b.c', options: { maxAge: 900, secure: false } });
    expect(refresh).toMatchObject({ name: REFRESH_COOKIE, value: 'r', options: { maxAge: REFRESH_MAX_AGE_SECONDS } });
  });
});
