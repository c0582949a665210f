// Reads an access token's claims WITHOUT verifying it: for display (the user's email, the Admin link)
// and for noticing expiry before the services do. The services verify every token they are sent.

export type Claims = {
  sub: string;
  email?: string;
  roles: string[];
  emailVerified: boolean;
  exp: number;
};

function base64UrlDecode(s: string): string {
  const binary = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
}

export function readClaims(token: string | undefined): Claims | null {
  if (!token) return null;
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const raw: unknown = JSON.parse(base64UrlDecode(payload));
    if (typeof raw !== 'object' || raw === null) return null;
    const c = raw as Record<string, unknown>;
    if (typeof c.sub !== 'string' || typeof c.exp !== 'number') return null;
    return {
      sub: c.sub,
      ...(typeof c.email === 'string' && { email: c.email }),
      roles: Array.isArray(c.roles) ? c.roles.filter((r): r is string => typeof r === 'string') : [],
      emailVerified: c.email_verified === true,
      exp: c.exp,
    };
  } catch {
    return null;
  }
}

/**
 * Whether the token still has `marginSeconds` to live: a token about to expire is refreshed before it is
 * sent, so that a page's several calls do not fail halfway through.
 */
export function isFresh(claims: Claims | null, nowMs: number, marginSeconds = 30): claims is Claims {
  return claims !== null && claims.exp - marginSeconds > nowMs / 1000;
}

export const isAdmin = (claims: Claims | null) => claims?.roles.includes('admin') ?? false;
