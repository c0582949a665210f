import type { Db, ProductRow } from '@greencommerce/db';

type Reader = Pick<Db, 'selectFrom'>;

// Until libs/db's products repository lands (catalog): the same read. The cart only reads products.
export async function findProductsByIds(db: Reader, ids: number[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('products').selectAll().where('id', 'in', ids).execute();
}
