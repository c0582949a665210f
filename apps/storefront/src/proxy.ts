import { type NextRequest, NextResponse } from 'next/server';
import { sharedRefresher } from './lib/auth-refresh';
import { signInRedirect } from './lib/protected-paths';
import { ACCESS_COOKIE, REFRESH_COOKIE, type Tokens, tokenCookies, URL_HEADER } from './lib/session-cookies';
import { isFresh, readClaims } from './lib/token-claims';

/**
 * Runs before every page, action and route handler: an access token that has expired (or is about to)
 * is exchanged for a new pair here, where cookies can still be set, so pages always render with a live
 * token and the user never sees a session end while its refresh token is good.
 */
export async function proxy(request: NextRequest) {
  const refreshToken = request.cookies.get(REFRESH_COOKIE)?.value;
  const access = request.cookies.get(ACCESS_COOKIE)?.value;
  let tokens: Tokens | null | undefined;
  if (refreshToken && !isFresh(readClaims(access), Date.now())) {
    // Unreachable auth service: keep the cookies and let the page render; the next request tries again.
    tokens = await sharedRefresher()(refreshToken).catch(() => undefined);
  }

  const host = request.headers.get('host');
  const fresh = tokens ? tokenCookies(tokens, host) : [];
  // The page is rendered with what the browser will hold after this response.
  if (tokens === null) {
    request.cookies.delete(ACCESS_COOKIE);
    request.cookies.delete(REFRESH_COOKIE);
  }
  for (const c of fresh) request.cookies.set(c.name, c.value);

  // A guest on an account page is sent to log in here, with a real redirect: once the page starts
  // streaming (the root loading state), a redirect can only happen in the browser.
  const signedIn = tokens ? true : tokens === null ? false : readClaims(access) !== null;
  const login = signedIn ? null : signInRedirect(request.method, request.nextUrl.pathname, request.nextUrl.search);
  if (login) {
    // Absolute, as the proxy's runtime requires; Next sends a same-origin one on as a relative Location.
    const redirect = NextResponse.redirect(new URL(login, request.nextUrl), 307);
    if (tokens === null) {
      redirect.cookies.delete(ACCESS_COOKIE);
      redirect.cookies.delete(REFRESH_COOKIE);
    }
    return redirect;
  }

  const forwarded = new Headers(request.headers);
  forwarded.set(URL_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: forwarded } });
  if (tokens === null) {
    response.cookies.delete(ACCESS_COOKIE);
    response.cookies.delete(REFRESH_COOKIE);
  }
  for (const c of fresh) response.cookies.set(c.name, c.value, c.options);
  return response;
}

export const config = {
  // Not for static files and images, which need no session.
  matcher: ['/((?!_next/static|_next/image|imagenes/|healthz|favicon.ico|icon.svg).*)'],
};
