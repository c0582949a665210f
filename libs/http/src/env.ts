import type { z } from 'zod';

/**
 * Parses configuration once at start. On bad config it prints one line per field and exits,
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
  console.error('Invalid configuration:');
  for (const issue of result.error.issues) console.error(`  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  process.exit(1);
}

/** A comma-separated list in one variable, blank entries dropped. */
export const csv = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
