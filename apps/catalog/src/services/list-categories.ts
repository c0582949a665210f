import type { Category } from '@greencommerce/contracts';
import { listCategories } from '@greencommerce/db';
import type { CatalogDeps } from '../deps';

/** A stored image is a file under the shipped assets or already an absolute URL. */
export const assetUrl = (publicUrl: string, image: string) =>
  /^https?:\/\//i.test(image) ? image : `${publicUrl}/assets/${image.replace(/^\/+/, '')}`;

export async function listCategoryShelf(deps: CatalogDeps): Promise<Category[]> {
  return (await listCategories(deps.db)).map((c) => ({
    slug: c.slug,
    name: c.name,
    image: assetUrl(deps.config.publicUrl, c.image),
    productCount: c.product_count,
  }));
}
