import { archiveProduct, lockProduct, productIdForRef } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import type { AdminDeps } from './admin-deps';
import { checkIfMatch, productNotFound } from './written-product';

/**
 * Archives the product with ProductArchived, in one transaction: it leaves every read (404 from
 * then on) but its row, images and slug stay for the orders that refer to it. If-Match as PATCH.
 */
export async function archiveProductByRef(deps: AdminDeps, ref: string, ifMatch?: string): Promise<void> {
  // Resolved before the transaction, whose first statement must take the lock (see lockProduct).
  const id = await productIdForRef(deps.db, ref);
  if (id === undefined) throw productNotFound();
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockProduct(trx, id);
    if (!row || row.archived_at !== null) throw productNotFound();
    checkIfMatch(row, ifMatch);
    if (!(await archiveProduct(trx, row.id, { versions: [row.version] }))) {
      throw new AppError('PRECONDITION_FAILED', 'The product was changed concurrently; read it again and retry');
    }
    await enqueueEvent(trx, 'ProductArchived', { productId: row.id, slug: row.slug });
  });
}
