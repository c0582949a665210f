import { env } from '@/env';
import { errorResponse } from '@/lib/error-response';
import { type ImageService, imagePath } from '@/lib/image-src';

const origins: Record<ImageService, string> = { catalog: env.CATALOG_URL, users: env.USERS_URL };
const PASSED_HEADERS = ['content-type', 'content-length', 'cache-control', 'etag', 'last-modified'];
// An image opened on its own (an SVG, say) is a document of the storefront's origin: it may run nothing.
const IMAGE_CSP =
  "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

/** Forwards a service's image to the browser, which never talks to a service itself. */
// The params' shape spelled out (RouteContext's) so the unit tests, outside Next's generated types, can call it.
type Params = { params: Promise<{ service: string; path: string[] }> };

export async function GET(request: Request, ctx: Params) {
  const { service, path } = await ctx.params;
  const rest = imagePath(service, path);
  const notFound = () => errorResponse(404, 'NOT_FOUND', 'no such image');
  if (!rest) return notFound();
  const upstream = await fetch(`${origins[service as ImageService]}/${rest}`, {
    headers: { 'if-none-match': request.headers.get('if-none-match') ?? '' },
  }).catch(() => null);
  if (!upstream) return errorResponse(503, 'SERVICE_UNAVAILABLE', `${service} service unavailable`);
  if (upstream.status !== 200 && upstream.status !== 304) return notFound();
  // Only images pass: nothing a service answers here can become a page of the storefront's origin.
  if (upstream.status === 200 && !upstream.headers.get('content-type')?.startsWith('image/')) {
    return notFound();
  }
  const headers = new Headers({ 'x-content-type-options': 'nosniff', 'content-security-policy': IMAGE_CSP });
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.status === 304 ? null : upstream.body, { status: upstream.status, headers });
}
