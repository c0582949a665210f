import type { Product } from '@greencommerce/contracts';
import { findProductByIdOrSlug, type ProductRow, productRowEtag, type Trx, toProduct } from '@greencommerce/db';
import { AppError, matchesIfMatch } from '@greencommerce/http';

/** A write's answer: the product as reads show it, and the ETag a next If-Match would send. */
export type WrittenProduct = { product: Product; etag: string };

export const productNotFound = () => new AppError('NOT_FOUND', 'Product not found');

/**
 * If-Match (RFC 9110 §13.1.1): `*` or one of the listed strong ETags must be the product's
 * current one. Checked on the locked row, and the write is then conditional on that version.
 */
export function checkIfMatch(row: Pick<ProductRow, 'id' | 'version'>, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const etag = productRowEtag(row);
  if (!matchesIfMatch(ifMatch, etag)) {
    throw new AppError(
      'PRECONDITION_FAILED',
      'The product was changed since that ETag; read it again and retry',
      [{ path: 'If-Match', message: `the current ETag is ${etag}` }],
      { ETag: etag },
    );
  }
}

/** Reads the product back inside the write's transaction: exactly the state this write produced. */
export async function writtenProduct(trx: Trx, id: number): Promise<WrittenProduct> {
  const row = await findProductByIdOrSlug(trx, String(id));
  if (!row) throw productNotFound();
  return { product: toProduct(row), etag: productRowEtag(row) };
}
