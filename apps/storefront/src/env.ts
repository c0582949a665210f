import { z } from 'zod';

// The one reader of process.env in the storefront: the services' URLs and the storefront's own port,
// parsed once. A bad value fails the first request (and `next build`) with every field named.

const serviceUrl = (port: number) =>
  z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default(`http://127.0.0.1:${port}`)
    .transform((s) => s.replace(/\/+$/, ''));

const Env = z.object({
  AUTH_URL: serviceUrl(8081),
  USERS_URL: serviceUrl(8082),
  CATALOG_URL: serviceUrl(8083),
  CART_URL: serviceUrl(8084),
  ORDERS_URL: serviceUrl(8085),
  STOREFRONT_PORT: z
    .string()
    .regex(/^[0-9]{1,5}$/, 'must be a port number')
    .default('3000')
    .transform(Number)
    .pipe(z.number().max(65_535, 'must be a port number')),
});
export type Env = z.infer<typeof Env>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = Env.safeParse(source);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  throw new Error(`Invalid storefront environment:\n${fields}`);
}

export const env = parseEnv(process.env);
