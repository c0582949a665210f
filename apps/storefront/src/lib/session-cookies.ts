// The session as the browser holds it: three httpOnly cookies, readable only by the storefront's server.

export const ACCESS_COOKIE = 'gc_access';
export const REFRESH_COOKIE = 'gc_refresh';
export const CART_COOKIE = 'gc_cart';
/** Set for a minute after a forced refresh, so a token the services still reject cannot loop. */
export const RENEWED_COOKIE = 'gc_renewed';
/** A request header the proxy sets: the path and query being rendered, for "come back here" links. */
export const URL_HEADER = 'x-gc-url';

/** The auth service's refresh lifetime (REFRESH_TOKEN_TTL_SECONDS' default); a longer cookie would only hold a dead token. */
export const REFRESH_MAX_AGE_SECONDS = 30 * 24 * 3600;
/** The cart service's guest-cart lifetime (GUEST_CART_TTL_DAYS' default). */
export const CART_MAX_AGE_SECONDS = 30 * 24 * 3600;

export type CookieOptions = {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  maxAge: number;
};

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host name of a Host header value (`127.0.0.1:3000` → `127.0.0.1`, `[::1]:3000` → `[::1]`). */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0] ?? '';
}

/**
 * Secure everywhere but on the developer's own machine, where the storefront is plain http and a
 * Secure cookie would never come back.
 */
export function isSecureHost(host: string | null | undefined): boolean {
  if (!host) return true;
  return !LOCAL_HOSTS.has(hostName(host)) && !hostName(host).endsWith('.localhost');
}

export function cookieOptions(host: string | null | undefined, maxAge: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: isSecureHost(host), path: '/', maxAge };
}

export type Tokens = { token: string; refreshToken: string; expiresIn: number };

/** The cookies a fresh pair of tokens is stored in; the access cookie lives exactly as long as its token. */
export function tokenCookies(tokens: Tokens, host: string | null | undefined) {
  return [
    { name: ACCESS_COOKIE, value: tokens.token, options: cookieOptions(host, tokens.expiresIn) },
    { name: REFRESH_COOKIE, value: tokens.refreshToken, options: cookieOptions(host, REFRESH_MAX_AGE_SECONDS) },
  ] as const;
}
