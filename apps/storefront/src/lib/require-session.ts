import { forbidden, redirect } from 'next/navigation';
import { currentUrl, readSession } from './session';
import { type Claims, isAdmin } from './token-claims';

/** The signed-in user's claims; a guest is sent to log in and brought back to this page. */
export async function requireSignedIn(): Promise<Claims> {
  const { claims } = await readSession();
  if (!claims) redirect(`/login?volver=${encodeURIComponent(await currentUrl())}`);
  return claims;
}

/**
 * An admin's claims; anyone else signed in gets the 403 page. The token's `roles` only decide what the
 * storefront shows: every admin call is checked again by the service it goes to.
 */
export async function requireAdmin(): Promise<Claims> {
  const claims = await requireSignedIn();
  if (!isAdmin(claims)) forbidden();
  return claims;
}

/** For a Server Action whose session ended (a 401 the refresh could not mend): log in, then come back. */
export function signInAgain(volver: string): never {
  redirect(`/login?volver=${encodeURIComponent(volver)}`);
}
