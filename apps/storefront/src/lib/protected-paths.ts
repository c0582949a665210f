/** The pages only a signed-in user sees (the admin section checks the role on top). */
const SIGNED_IN_ONLY = ['/perfil', '/checkout', '/pedidos', '/admin'];

export function needsSignIn(pathname: string): boolean {
  return SIGNED_IN_ONLY.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/**
 * Where the proxy sends a guest who opens one of those pages: to log in, and back afterwards. Only for
 * page loads (GET, HEAD): a Server Action posted by a session that just ended gets its own answer.
 */
export function signInRedirect(method: string, pathname: string, search: string): string | null {
  if ((method !== 'GET' && method !== 'HEAD') || !needsSignIn(pathname)) return null;
  return `/login?volver=${encodeURIComponent(pathname + search)}`;
}
