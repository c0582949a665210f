import type { StockAdjustment, StockAdjustmentResult } from '@greencommerce/contracts';
import { adjustStock, productIdForRef } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import type { AdminDeps } from './admin-deps';
import { productNotFound } from './written-product';

/**
 * Adds `delta` units in one conditional UPDATE with StockChanged in the same transaction: however
 * many adjustments race, the stock never goes below zero, and each event holds the exact levels
 * before and after its own change. Too few units: 409 naming how many there are.
 */
export async function adjustProductStock(
  deps: AdminDeps,
  ref: string,
  { delta, reason }: StockAdjustment,
): Promise<StockAdjustmentResult> {
  // Resolved before the transaction, so that its first statement is the write (see lockProduct).
  const id = await productIdForRef(deps.db, ref);
  if (id === undefined) throw productNotFound();
  return deps.db.transaction().execute(async (trx) => {
    const result = await adjustStock(trx, id, delta);
    if ('notFound' in result) throw productNotFound();
    if (!result.ok) {
      const message =
        delta < 0
          ? `Not enough stock: ${result.available} available, cannot remove ${-delta}`
          : `Stock would exceed the maximum: ${result.available} available, cannot add ${delta}`;
      throw new AppError('CONFLICT', message, [{ path: 'delta', message: `${result.available} available` }]);
    }
    const { oldQuantity, newQuantity } = result;
    await enqueueEvent(trx, 'StockChanged', { productId: id, oldQuantity, newQuantity, reason });
    return { productId: id, delta, reason, oldQuantity, newQuantity };
  });
}
