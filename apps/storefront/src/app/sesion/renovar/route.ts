import { cookies } from 'next/headers';
import { type NextRequest, NextResponse } from 'next/server';
import { sharedRefresher } from '@/lib/auth-refresh';
import { safeReturnPath } from '@/lib/safe-return';
import { ACCESS_COOKIE, cookieOptions, REFRESH_COOKIE, RENEWED_COOKIE, tokenCookies } from '@/lib/session-cookies';

/**
 * A page whose token a service rejected (though it had not expired) comes here, where cookies can be
 * set: the refresh token is exchanged and the browser goes back. A refused refresh token ends the
 * session. RENEWED_COOKIE stops a page from sending the browser round again for a minute.
 */
export async function GET(request: NextRequest) {
  const back = safeReturnPath(request.nextUrl.searchParams.get('volver'));
  const jar = await cookies();
  const host = request.headers.get('host');
  const refreshToken = jar.get(REFRESH_COOKIE)?.value;
  const tokens = refreshToken ? await sharedRefresher()(refreshToken).catch(() => undefined) : null;
  // A relative Location: behind `next start`, request.url names localhost whatever host the browser used,
  // and cookies set for one host are not sent to the other.
  const response = new NextResponse(null, { status: 303, headers: { Location: back } });
  if (tokens) {
    for (const c of tokenCookies(tokens, host)) response.cookies.set(c.name, c.value, c.options);
  } else if (tokens === null) {
    response.cookies.delete(ACCESS_COOKIE);
    response.cookies.delete(REFRESH_COOKIE);
  }
  response.cookies.set(RENEWED_COOKIE, '1', cookieOptions(host, 60));
  return response;
}
