import type { ProductSort } from '@greencommerce/contracts';
import type { ProductKey } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';

/**
 * The page cursor is opaque to clients: base64url of [sort, last sort value, last id]. Whatever a
 * client makes of it, decoding either yields a well-typed key for this sort or a 400 naming
 * `cursor`; a forged but well-formed key only starts the listing elsewhere.
 */
export const encodeCursor = (key: ProductKey) =>
  Buffer.from(JSON.stringify([key.order, key.value, key.id])).toString('base64url');

const invalid = (why: string) =>
  new AppError('VALIDATION_FAILED', `Invalid query parameter: cursor ${why}`, [{ path: 'cursor', message: why }]);

function valueFits(order: ProductSort, value: unknown): boolean {
  switch (order) {
    case 'newest':
      return value === null;
    case 'name':
      return typeof value === 'string' && value.length <= 255;
    case 'relevance':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return Number.isSafeInteger(value) && (value as number) >= 0;
  }
}

export function decodeCursor(text: string, order: ProductSort): ProductKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor from a Link header');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid('is not a cursor from a Link header');
  const [sort, value, id] = parsed as [unknown, unknown, unknown];
  if (sort !== order) throw invalid(`belongs to another sort order; keep the sort of the page it came from`);
  if (!valueFits(order, value) || !Number.isSafeInteger(id) || (id as number) < 1) {
    throw invalid('is not a cursor from a Link header');
  }
  return { order, value: value as ProductKey['value'], id: id as number };
}
