import { createClient, type GreenCommerceClient } from '@greencommerce/client';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { env } from '@/env';
import { sharedRefresher } from './auth-refresh';
import { clearTokens, currentUrl, readSession, storeTokens } from './session';
import { RENEWED_COOKIE } from './session-cookies';

// Every call to a service goes through a client made here, per request, from the request's cookies.
// The browser never talks to a service: the storefront's server does, with the user's token.

const urls = {
  auth: env.AUTH_URL,
  users: env.USERS_URL,
  catalog: env.CATALOG_URL,
  cart: env.CART_URL,
  orders: env.ORDERS_URL,
};

export type Api = GreenCommerceClient;

/**
 * A fetch that sends the current token and, when a service rejects it (401), asks `renew` for another
 * and tries once more. The proxy has already refreshed a token that was expiring, so this is for a token
 * rejected for another reason (the signing keys changed, say).
 */
function sessionFetch(token: () => string | undefined, renew: () => Promise<string | undefined>): typeof fetch {
  const send = (request: Request) => globalThis.fetch(request);
  return (async (input: Request) => {
    const sent = token();
    const retry = sent ? input.clone() : undefined;
    const response = await send(input);
    if (response.status !== 401 || !retry || input.headers.get('authorization') !== `Bearer ${sent}`) return response;
    const fresh = await renew();
    if (!fresh) return response;
    retry.headers.set('authorization', `Bearer ${fresh}`);
    return send(retry);
  }) as typeof fetch;
}

/**
 * X-Forwarded-For as the storefront received it. The services read it only with TRUST_PROXY, which is
 * right only when a proxy in front of the storefront overwrites the header: `next start` keeps a
 * client's own X-Forwarded-For rather than adding the socket's address. Otherwise every shopper reaches
 * the services from the storefront's address and shares its per-IP limits.
 */
async function forwardedFor(): Promise<Record<string, string>> {
  const xff = (await headers()).get('x-forwarded-for');
  return xff ? { 'X-Forwarded-For': xff } : {};
}

/**
 * For Server Components, which may not set cookies: a rejected token sends the browser to
 * /sesion/renovar, a Route Handler that can, and back here; after one such round the page renders as
 * the services answer (signed out).
 */
export async function api(): Promise<Api> {
  const session = await readSession();
  const renew = async () => {
    if (!session.refreshToken || (await cookies()).has(RENEWED_COOKIE)) return undefined;
    redirect(`/sesion/renovar?volver=${encodeURIComponent(await currentUrl())}`);
  };
  const token = () => session.accessToken;
  return createClient({ urls, token, fetch: sessionFetch(token, renew), headers: await forwardedFor() });
}

/** For Server Actions and Route Handlers: a rejected token is refreshed here and the new pair stored. */
export async function actionApi(): Promise<Api> {
  const session = await readSession();
  let accessToken = session.accessToken;
  let refreshToken = session.refreshToken;
  const renew = async () => {
    if (!refreshToken) return undefined;
    const tokens = await sharedRefresher()(refreshToken);
    if (!tokens) {
      await clearTokens();
      accessToken = refreshToken = undefined;
      return undefined;
    }
    await storeTokens(tokens);
    accessToken = tokens.token;
    refreshToken = tokens.refreshToken;
    return accessToken;
  };
  const token = () => accessToken;
  return createClient({ urls, token, fetch: sessionFetch(token, renew), headers: await forwardedFor() });
}

/** A client that sends no token: login, registration, the emailed links. */
export async function publicApi(): Promise<Api> {
  return createClient({ urls, headers: await forwardedFor() });
}
