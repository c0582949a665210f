import { type CartItemWithCatalog, DatabaseUnavailableError, type Db, findProductsByIds } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';

/**
 * Some line of a checkout could not be reserved: thrown inside its transaction so that it rolls back
 * (what the one UPDATE did reserve goes back with it); answeringShortStock turns it into the 409.
 */
export class ShortStock extends Error {
  constructor(readonly items: readonly CartItemWithCatalog[]) {
    super('short stock');
  }
}

/** Tries of a checkout whose reservation failed yet finds every line in stock when it reads them after. */
const ATTEMPTS = 3;

/**
 * Runs a checkout's transaction; when it rolled back for short stock, the 409 names each product
 * that is gone, archived or has fewer units than its line asks for, with what is available now (read
 * after the rollback: the one UPDATE that reserves every line does not say which fell short). If
 * none is short any more (units came back between the UPDATE and the read), the transaction runs again.
 */
export async function answeringShortStock<T>(db: Db, transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      if (!(err instanceof ShortStock)) throw err;
      const refusal = await shortLines(db, err.items);
      if (refusal) throw refusal;
      if (attempt >= ATTEMPTS) throw new DatabaseUnavailableError(err);
    }
  }
}

async function shortLines(db: Db, items: readonly CartItemWithCatalog[]): Promise<AppError | undefined> {
  const products = new Map(
    (
      await findProductsByIds(
        db,
        items.map((i) => i.product_id),
      )
    ).map((p) => [p.id, p]),
  );
  const details = items.flatMap((i) => {
    const p = products.get(i.product_id);
    const available = p && p.archived_at === null ? p.stock : 0;
    if (available >= i.quantity) return [];
    return [
      {
        path: `items.${i.product_id}`,
        message: `${p?.name ?? `product ${i.product_id}`}: ${i.quantity} requested, ${available} available`,
      },
    ];
  });
  if (details.length === 0) return undefined;
  return new AppError(
    'CONFLICT',
    `Not enough stock for ${details.length} product${details.length > 1 ? 's' : ''}; nothing was reserved`,
    details,
  );
}
