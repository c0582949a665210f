/**
 * The browser talks only to the storefront: an image a service serves (`<CATALOG_URL>/assets/x.webp`,
 * `<USERS_URL>/media/y.jpg`) is shown through /imagenes/<service>/..., which the storefront forwards.
 * Any other URL (an S3 bucket's public address) is shown as it is.
 */
export type ImageOrigins = { catalog: string; users: string };

export const IMAGE_SERVICES = ['catalog', 'users'] as const;
export type ImageService = (typeof IMAGE_SERVICES)[number];
/** The only paths forwarded: static assets and uploaded media, never an API route. */
export const IMAGE_PATH = /^(assets|media)\/[A-Za-z0-9._~/-]+$/;

export function imageSrc(url: string | null | undefined, origins: ImageOrigins): string | null {
  if (!url) return null;
  for (const service of IMAGE_SERVICES) {
    const base = `${origins[service]}/`;
    if (url.startsWith(base)) {
      const rest = url.slice(base.length);
      if (IMAGE_PATH.test(rest) && !rest.split('/').includes('..')) return `/imagenes/${service}/${rest}`;
    }
  }
  return url;
}
