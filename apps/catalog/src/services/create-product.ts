import type { ProductInput } from '@greencommerce/contracts';
import { appendProductImage, categoryExists, insertProduct, isUniqueViolation, lockProduct } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { AppError } from '@greencommerce/http';
import type { AdminDeps } from './admin-deps';
import { productSnapshot } from './product-snapshot';
import { type WrittenProduct, writtenProduct } from './written-product';

/** How many suffixes (-2, -3, …) a slug made from the name may try before the name counts as taken. */
const SLUG_SUFFIXES = 20;

export const unknownCategory = (slug: string) =>
  new AppError('VALIDATION_FAILED', 'Request body is invalid', [
    { path: 'category', message: `is not a known category (${slug}); see GET /categories` },
  ]);

/**
 * Inserts the product, its image given by URL, and ProductCreated in one transaction. A slug the
 * client chose that is taken is 409; one made from the name gets the first free suffix instead
 * (the original clients send no slug, and two products may share a name).
 */
export async function createProduct(deps: AdminDeps, input: ProductInput): Promise<WrittenProduct> {
  // Categories are fixed by migrations; checked before the transaction, which then starts with its write.
  if (!(await categoryExists(deps.db, input.category))) throw unknownCategory(input.category);
  for (let attempt = 1; ; attempt++) {
    const slug = attempt === 1 ? input.slug : `${input.slug}-${attempt}`;
    try {
      return await deps.db.transaction().execute(async (trx) => {
        const image = input.imageUrl ? { id: crypto.randomUUID(), url: input.imageUrl } : null;
        const id = await insertProduct(trx, {
          slug,
          name: input.name,
          description: input.description,
          price_minor: input.priceMinor,
          currency: input.currency,
          category_slug: input.category,
          brand: input.brand,
          rating_tenths: input.ratingTenths,
          stock: input.stock,
          featured: input.featured,
          image_url: image?.url ?? null,
          images: JSON.stringify(image ? [image] : []),
        });
        if (image) await appendProductImage(trx, { ...image, product_id: id, object_key: null });
        const row = await lockProduct(trx, id);
        if (!row) throw new Error(`product ${id} vanished inside its own transaction`);
        await enqueueEvent(trx, 'ProductCreated', productSnapshot(row));
        return writtenProduct(trx, id);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (!input.slugFromName || attempt >= SLUG_SUFFIXES) {
        throw new AppError('CONFLICT', `A product with the slug "${slug}" already exists`, [
          {
            path: 'slug',
            message: input.slugFromName ? 'every slug made from this name is taken; send one' : 'is taken',
          },
        ]);
      }
    }
  }
}
