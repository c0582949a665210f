/**
 * The browser talks only to the storefront: an image a service serves (`<CATALOG_URL>/assets/x.webp`,
 * `<USERS_URL>/media/y.jpg`) is shown through /imagenes/<service>/..., which the storefront forwards.
 * Any other URL (an S3 bucket's public address) is shown as it is.
 */
export type ImageOrigins = { catalog: string; users: string };

export const IMAGE_SERVICES = ['catalog', 'users'] as const;
export type ImageService = (typeof IMAGE_SERVICES)[number];

const ROOTS = ['assets', 'media'];
// One path segment, as Next hands it over already percent-decoded: `..%2F..` arrives as `../..`, so a
// slash, a backslash or a `.`/`..` inside a segment would let fetch climb out to an API route.
const SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;

/**
 * The service-relative path forwarded for /imagenes/<service>/<segments>: only static assets and
 * uploaded media of a known service, never an API route; null for anything else.
 */
export function imagePath(service: string, segments: readonly string[]): string | null {
  if (!(IMAGE_SERVICES as readonly string[]).includes(service)) return null;
  const [root, ...rest] = segments;
  if (!root || !ROOTS.includes(root) || rest.length === 0 || !rest.every((s) => SEGMENT.test(s))) return null;
  return segments.join('/');
}

export function imageSrc(url: string | null | undefined, origins: ImageOrigins): string | null {
  if (!url) return null;
  for (const service of IMAGE_SERVICES) {
    const base = `${origins[service]}/`;
    if (url.startsWith(base)) {
      const path = imagePath(service, url.slice(base.length).split('/'));
      if (path) return `/imagenes/${service}/${path}`;
    }
  }
  return url;
}
