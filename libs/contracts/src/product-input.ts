import { z } from 'zod';
import { PriceInput } from './money';

// What admins (POST/PATCH /products) and the bulk import send. Two generations of clients wrote
// products: the original FastAPI payload (`quantity`, `image`, `price` as a float, `rating`) and the
// later GraphQL one (`stock`, `image_url`). Both are accepted and normalised to one shape, with
// money in integer minor units.

/** The stock column is a signed 32-bit INT. */
export const MAX_STOCK = 2_147_483_647;
export const MAX_RATING = 5;
export const DEFAULT_CURRENCY = 'USD';
export const SLUG_MAX_LENGTH = 160;

/** Printable text: no control characters (tab and newlines allowed where said) and no lone surrogates. */
const PRINTABLE = /^[^\p{Cc}\p{Cs}]*$/u;
const PRINTABLE_MULTILINE = /^(?:[\t\n\r]|[^\p{Cc}\p{Cs}])*$/u;
const printable = (s: z.ZodString, pattern = PRINTABLE) =>
  // The OpenAPI generator writes a regex's flags into `pattern`; the source alone is the pattern.
  s.regex(pattern, 'contains control or invalid characters').meta({ pattern: pattern.source });

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Path segments GET /products/:idOrSlug can never reach (another route answers them). */
const RESERVED_SLUGS = new Set(['featured']);

/**
 * A URL path segment from any text: accents folded ("Bebés y Niños" → "bebes-y-ninos"), anything
 * else that is not a letter or digit becomes one hyphen. Pure digits are prefixed, since
 * /products/:idOrSlug reads digits as an id.
 */
export function slugify(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX_LENGTH - 'product-'.length)
    .replace(/^-+|-+$/g, '');
  if (!base) return 'product';
  return /^\d+$/.test(base) || RESERVED_SLUGS.has(base) ? `product-${base}` : base;
}

const SlugInput = z
  .string()
  .max(SLUG_MAX_LENGTH)
  .regex(SLUG, 'must be lowercase letters, digits and single hyphens (like "bamboo-toothbrush")')
  .refine((s) => !/^\d+$/.test(s), 'must not be only digits (those address products by id)')
  .refine((s) => !RESERVED_SLUGS.has(s), 'is reserved (GET /products/featured is the featured list)');

/** A form or CSV sends numbers as text; only plain decimals are taken ("1e3", "0x10", " " are not). */
const numeric = (what: string) =>
  z.union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d{1,12}(\.\d+)?$/, `must be ${what}`)
      .transform(Number),
  ]);

export const Stock = numeric('a whole number').pipe(
  z.number().int('must be a whole number').min(0, 'must not be negative').max(MAX_STOCK),
);

/** Stars from 0 to 5, kept in tenths (4.25 is stored as 43: the column's precision, like a DECIMAL(2,1)). */
export const Rating = numeric('a number from 0 to 5')
  .pipe(z.number().min(0, 'must be at least 0').max(MAX_RATING, `must be at most ${MAX_RATING}`))
  .transform((n) => Math.round(n * 10));

/**
 * ISO 4217 codes whose minor unit is the cent: prices are stored in hundredths. Made on first use:
 * a formatter per currency costs ~15 ms, which every service paid at start for a check only the
 * catalog's writes make.
 */
let centCurrencies: Set<string> | undefined;
const isCentCurrency = (code: string) => {
  centCurrencies ??= new Set(
    Intl.supportedValuesOf('currency').filter(
      (c) =>
        new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits === 2,
    ),
  );
  return centCurrencies.has(code);
};
export const Currency = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(
    z
      .string()
      .regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code like USD', abort: true })
      .refine(isCentCurrency, 'must be an ISO 4217 currency with two decimal places'),
  )
  .meta({ description: `ISO 4217 code of a currency with cents; ${DEFAULT_CURRENCY} when not given`, example: 'EUR' });

/** An image given by URL (the original payloads' `image` / `image_url`); empty means none. */
const ImageUrl = z
  .union([
    z.literal(''),
    z.null(),
    z
      .string()
      .trim()
      .max(1000)
      .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  ])
  .transform((s) => s || null);

const Featured = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

/** A category's slug or the original client's name for it ("Tecnología" → "tecnologia"); the service checks it exists. */
const Category = printable(z.string().trim().min(1).max(100)).transform(slugify);

const fields = {
  name: printable(z.string().trim().min(1).max(255)),
  slug: SlugInput.optional(),
  description: printable(z.string().trim().max(10_000), PRINTABLE_MULTILINE),
  /** Major units with at most two decimals, as a number or decimal text; minor units once parsed. */
  price: PriceInput,
  currency: Currency,
  category: Category,
  brand: printable(z.string().trim().max(100)),
  rating: Rating,
  /** Units available: `quantity` in the original payload, `stock` in the later one. */
  quantity: Stock,
  stock: Stock,
  /** The product's image URL: `image` (original), `image_url` (later), `imageUrl` (what reads return). */
  image: ImageUrl,
  image_url: ImageUrl,
  imageUrl: ImageUrl,
  featured: Featured,
};

type Aliased = {
  quantity?: number;
  stock?: number;
  image?: string | null;
  image_url?: string | null;
  imageUrl?: string | null;
};

/** Two names for one field must agree when both are sent. */
function checkAliases(v: Aliased, ctx: z.RefinementCtx) {
  if (v.quantity !== undefined && v.stock !== undefined && v.quantity !== v.stock) {
    ctx.addIssue({ code: 'custom', path: ['stock'], message: 'differs from quantity (they are the same field)' });
  }
  const urls = [v.image, v.image_url, v.imageUrl].filter((u) => u !== undefined);
  if (new Set(urls).size > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['image'],
      message: 'image, image_url and imageUrl differ (they are one field)',
    });
  }
}

const pickStock = (v: Aliased) => v.quantity ?? v.stock;
const pickImage = (v: Aliased) => [v.image, v.image_url, v.imageUrl].find((u) => u !== undefined);

/** The one shape a product is written from, whichever client sent it. */
export type ProductInput = {
  /** Given, or made from the name (`slugFromName`), in which case a taken slug may get a suffix. */
  slug: string;
  slugFromName: boolean;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  /** A category slug (not yet checked to exist). */
  category: string;
  brand: string;
  ratingTenths: number;
  stock: number;
  imageUrl: string | null;
  featured: boolean;
};

/**
 * POST /products and each imported row. Unknown fields (an `id`, a client's extras) are ignored,
 * as FastAPI did.
 */
export const ProductCreate = z
  .object({
    ...fields,
    description: fields.description.default(''),
    currency: fields.currency.default(DEFAULT_CURRENCY),
    brand: fields.brand.default(''),
    rating: fields.rating.default(0),
    quantity: fields.quantity.optional(),
    stock: fields.stock.optional(),
    image: fields.image.optional(),
    image_url: fields.image_url.optional(),
    imageUrl: fields.imageUrl.optional(),
    featured: fields.featured.default(false),
  })
  .superRefine((v, ctx) => {
    checkAliases(v, ctx);
    if (pickStock(v) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'is required (as quantity or stock)' });
    }
  })
  .transform(
    (v): ProductInput => ({
      slug: v.slug ?? slugify(v.name),
      slugFromName: v.slug === undefined,
      name: v.name,
      description: v.description,
      priceMinor: v.price,
      currency: v.currency,
      category: v.category,
      brand: v.brand,
      ratingTenths: v.rating,
      stock: pickStock(v) ?? 0,
      imageUrl: pickImage(v) ?? null,
      featured: v.featured,
    }),
  );
export type ProductCreate = z.input<typeof ProductCreate>;

/** The fields a PATCH changes: only those sent. `imageUrl: null` removes the image given by URL. */
export type ProductChanges = Partial<Omit<ProductInput, 'slugFromName'>>;

/** PATCH /products/:id: any of the create fields, each with the same rules; nothing defaulted. */
export const ProductPatch = z
  .object(
    Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.optional()])) as {
      [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
    },
  )
  .superRefine(checkAliases)
  .transform((v): ProductChanges => {
    const changes: ProductChanges = {
      slug: v.slug,
      name: v.name,
      description: v.description,
      priceMinor: v.price,
      currency: v.currency,
      category: v.category,
      brand: v.brand,
      ratingTenths: v.rating,
      stock: pickStock(v),
      imageUrl: pickImage(v),
      featured: v.featured,
    };
    return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  });
export type ProductPatch = z.input<typeof ProductPatch>;

/** POST /products/:id/stock-adjustments: units received (+) or written off (−), and why. */
export const StockAdjustment = z.object({
  delta: z
    .number()
    .int('must be a whole number')
    .min(-MAX_STOCK)
    .max(MAX_STOCK)
    .refine((n) => n !== 0, 'must not be zero'),
  reason: printable(z.string().trim().min(1).max(200)),
});
export type StockAdjustment = z.infer<typeof StockAdjustment>;

/** What a stock adjustment did: the level it found and the one it left. */
export const StockAdjustmentResult = z
  .object({
    productId: z.number().int(),
    delta: z.number().int(),
    reason: z.string(),
    oldQuantity: z.number().int(),
    newQuantity: z.number().int().meta({ description: 'Units available now (the product’s `quantity`)' }),
  })
  .meta({ id: 'StockAdjustmentResult' });
export type StockAdjustmentResult = z.infer<typeof StockAdjustmentResult>;
