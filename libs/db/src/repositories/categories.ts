import type { Kysely } from 'kysely';
import type { CategoryRow, Database } from '../schema';

export type CategoryWithCount = Omit<CategoryRow, 'position'> & { product_count: number };

/** Every category in display order, with how many live (not archived) products it holds. */
export async function listCategories(db: Kysely<Database>): Promise<CategoryWithCount[]> {
  const rows = await db
    .selectFrom('categories')
    .leftJoin('products', (join) =>
      join.onRef('products.category_slug', '=', 'categories.slug').on('products.archived_at', 'is', null),
    )
    .select(['categories.slug', 'categories.name', 'categories.image', 'categories.position'])
    .select((eb) => eb.fn.count<number | string | bigint>('products.id').as('product_count'))
    .groupBy(['categories.slug', 'categories.name', 'categories.image', 'categories.position'])
    .orderBy('categories.position')
    .orderBy('categories.slug')
    .execute();
  return rows.map(({ position: _position, ...r }) => ({ ...r, product_count: Number(r.product_count) }));
}

export async function findCategory(db: Kysely<Database>, slug: string): Promise<CategoryRow | undefined> {
  return db.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst();
}
