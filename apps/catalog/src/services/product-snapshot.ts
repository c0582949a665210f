import type { ProductRow } from '@greencommerce/db';
import type { EventData } from '@greencommerce/events';

/** A product's state as its events carry it (money in minor units, the category's slug). */
export const productSnapshot = (row: ProductRow): EventData<'ProductCreated'> => ({
  productId: row.id,
  slug: row.slug,
  name: row.name,
  priceMinor: Number(row.price_minor),
  currency: row.currency,
  category: row.category_slug,
  stock: row.stock,
});
