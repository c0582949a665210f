import type { z } from 'zod';

/**
 * Parses configuration once at start. On bad config it prints one line per bad field and exits,
 * never echoing the offending values (they may be secrets).
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.output<S> {
  // `NAME=` (as in a copied .env.example) means "not set", so the default applies.
  const set = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(set);
  if (result.success) return result.data;
  // The first problem of each field is enough to fix it; more lines for one field are noise.
  const lines = new Map<string, string>();
  for (const { path, message } of result.error.issues) {
    const [field = '(root)', ...inner] = path.map(String);
    if (!lines.has(field)) lines.set(field, `${field}: ${message}${inner.length ? ` (at ${inner.join('.')})` : ''}`);
  }
  console.error(`Invalid configuration:\n${[...lines.values()].map((l) => `  ${l}`).join('\n')}`);
  process.exit(1);
}
