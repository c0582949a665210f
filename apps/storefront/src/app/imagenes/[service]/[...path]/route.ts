import { env } from '@/env';
import { IMAGE_PATH, IMAGE_SERVICES, type ImageService } from '@/lib/image-src';

const origins: Record<ImageService, string> = { catalog: env.CATALOG_URL, users: env.USERS_URL };
const PASSED_HEADERS = ['content-type', 'content-length', 'cache-control', 'etag', 'last-modified'];

/** Forwards a service's image to the browser, which never talks to a service itself. */
export async function GET(request: Request, ctx: RouteContext<'/imagenes/[service]/[...path]'>) {
  const { service, path } = await ctx.params;
  const rest = path.join('/');
  if (!IMAGE_SERVICES.includes(service as ImageService) || !IMAGE_PATH.test(rest) || path.includes('..')) {
    return new Response('Not found', { status: 404 });
  }
  const upstream = await fetch(`${origins[service as ImageService]}/${rest}`, {
    headers: { 'if-none-match': request.headers.get('if-none-match') ?? '' },
  }).catch(() => null);
  if (!upstream) return new Response('Image unavailable', { status: 502 });
  if (upstream.status !== 200 && upstream.status !== 304) return new Response('Not found', { status: 404 });
  // Only images pass: nothing a service answers here can become a page of the storefront's origin.
  if (upstream.status === 200 && !upstream.headers.get('content-type')?.startsWith('image/')) {
    return new Response('Not found', { status: 404 });
  }
  const headers = new Headers({ 'x-content-type-options': 'nosniff' });
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.status === 304 ? null : upstream.body, { status: upstream.status, headers });
}
