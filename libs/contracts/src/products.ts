import { z } from 'zod';

// The catalog's wire shapes: every field name the original clients send and read (../shared/CONTRACT.md).

export const ProductImage = z.object({ id: z.string(), url: z.string() }).meta({ id: 'ProductImage' });
export type ProductImage = z.infer<typeof ProductImage>;

export const Product = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    price: z.number().meta({ description: 'Major units with at most two decimals (19.99); stored as minor units' }),
    currency: z.string().meta({ description: 'ISO 4217 code', example: 'EUR' }),
    category: z.string().meta({
      description:
        "The category's display name, as the original clients show it (`Tecnología`); filter and link with `categorySlug`",
    }),
    categorySlug: z
      .string()
      .meta({ description: 'The category slug (`tecnologia`), the `category` filter of GET /products' }),
    brand: z.string(),
    rating: z.number().meta({ description: '0 to 5, in tenths' }),
    quantity: z.number().int().meta({ description: 'Units available (the later clients call it `stock`)' }),
    image: z.string().nullable().meta({ description: "The first image's URL; null without images" }),
    imageUrl: z.string().nullable().meta({ description: 'The same URL as `image` (the web client reads this name)' }),
    images: z.array(ProductImage),
    featured: z.boolean(),
    createdAt: z.string().meta({ format: 'date-time' }),
    updatedAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof Product>;

export const ProductList = z.array(Product);

export const Category = z
  .object({
    slug: z.string(),
    name: z.string(),
    image: z.string().meta({ description: 'Absolute URL of the category image' }),
    productCount: z.number().int().meta({ description: 'Products on sale (not archived) in the category' }),
  })
  .meta({ id: 'Category' });
export type Category = z.infer<typeof Category>;

export const CategoryList = z.array(Category);

export const PRODUCT_SORTS = ['relevance', 'newest', 'price', '-price', 'rating', 'name'] as const;
export const ProductSort = z.enum(PRODUCT_SORTS);
export type ProductSort = z.infer<typeof ProductSort>;

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 24;
export const MAX_SEARCH_LENGTH = 200;

const flag = z.enum(['true', 'false']);
const amount = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$/, 'must be an amount in major units with at most two decimals');
/** Lowercase words joined by hyphens (`comida-y-bebida-sostenible`). */
export const Slug = z
  .string()
  .max(160)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens');

/**
 * GET /products query. Every value is text as it arrives; unknown parameters are refused so a
 * typo (`categroy=`) is a 400 naming it rather than a silently unfiltered list.
 */
export const ProductListQuery = z
  .object({
    q: z
      .string()
      .max(MAX_SEARCH_LENGTH)
      .optional()
      .meta({ description: 'Full-text search over name, description and brand; accent- and case-insensitive' }),
    category: Slug.optional().meta({ description: 'A category slug' }),
    brand: z.string().min(1).max(100).optional(),
    minPrice: amount.optional(),
    maxPrice: amount.optional(),
    inStock: flag.optional().meta({ description: '`true`: only products with units available' }),
    featured: flag.optional().meta({ description: '`true`: only featured products' }),
    minRating: z
      .string()
      .regex(/^([0-4](\.[0-9])?|5(\.0)?)$/, 'must be a rating from 0 to 5 with at most one decimal')
      .optional(),
    sort: ProductSort.optional().meta({
      description: '`relevance` (the default with `q`, only with `q`) or `newest` (the default)',
    }),
    limit: z
      .string()
      .refine((s) => /^[1-9][0-9]{0,2}$/.test(s) && Number(s) <= MAX_PAGE_SIZE, {
        message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
      })
      .optional()
      .meta({ description: `1 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}` }),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,512}$/, 'must be a cursor from a Link header')
      .optional()
      .meta({ description: 'Opaque; from the `Link: <…>; rel="next"` header of the previous page' }),
    withTotal: flag.optional().meta({ description: '`true`: the number of matching products in `X-Total-Count`' }),
  })
  .strict();
export type ProductListQuery = z.infer<typeof ProductListQuery>;

/** GET /products/featured query. */
export const FeaturedQuery = z.object({ limit: ProductListQuery.shape.limit }).strict();
export type FeaturedQuery = z.infer<typeof FeaturedQuery>;

/** A product id (digits) or slug in a path. */
export const ProductRef = z.object({
  idOrSlug: z
    .string()
    .max(160)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a product id or slug')
    .meta({ param: { name: 'idOrSlug', in: 'path' }, example: 'cafe-de-colombia' }),
});

/**
 * The strong ETag of one product's representation: it changes exactly when the row's version does.
 * GET sends it; writes compare If-Match against it (412 when another edit came first).
 */
export const productEtag = (id: number, version: number) => `"p${id}-v${version}"`;
