import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import {
  ACCESS_COOKIE,
  CART_COOKIE,
  CART_MAX_AGE_SECONDS,
  cookieOptions,
  REFRESH_COOKIE,
  type Tokens,
  tokenCookies,
  URL_HEADER,
} from './session-cookies';
import { type Claims, readClaims } from './token-claims';

export type Session = {
  accessToken?: string;
  refreshToken?: string;
  cartToken?: string;
  /** Decoded for display only; the services verify the token itself. */
  claims: Claims | null;
};

/** The session of the request being served (read once per request). */
export const readSession = cache(async (): Promise<Session> => {
  const jar = await cookies();
  const accessToken = jar.get(ACCESS_COOKIE)?.value;
  return {
    accessToken,
    refreshToken: jar.get(REFRESH_COOKIE)?.value,
    cartToken: jar.get(CART_COOKIE)?.value,
    claims: readClaims(accessToken),
  };
});

export async function requestHost(): Promise<string | null> {
  return (await headers()).get('host');
}

/** Where the request being rendered came from, path and query ("/productos?q=te"). */
export async function currentUrl(): Promise<string> {
  return (await headers()).get(URL_HEADER) ?? '/';
}

// The writers below work only where Next lets cookies be set: Server Actions and Route Handlers.

export async function storeTokens(tokens: Tokens): Promise<void> {
  const jar = await cookies();
  const host = await requestHost();
  for (const c of tokenCookies(tokens, host)) jar.set(c.name, c.value, c.options);
}

export async function clearTokens(): Promise<void> {
  const jar = await cookies();
  jar.delete(ACCESS_COOKIE);
  jar.delete(REFRESH_COOKIE);
}

export async function storeCartToken(token: string): Promise<void> {
  (await cookies()).set(CART_COOKIE, token, cookieOptions(await requestHost(), CART_MAX_AGE_SECONDS));
}

export async function clearCartToken(): Promise<void> {
  (await cookies()).delete(CART_COOKIE);
}
