import { z } from 'zod';

/** A line holds 1 to 99 units; a cart holds at most 100 lines. */
export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 100;

/** Decimal major units with at most two decimals (19.99); computed from integer minor units. */
const Money = z.number().meta({ description: 'Major units, at most two decimals' });

/**
 * A product id in a JSON body: a whole number, not a string or anything JavaScript would turn into
 * one (true, [7], "0x7" and " 7 " all named product 7 under z.coerce).
 */
export const ProductId = z
  .number({ error: 'must be a product id' })
  .int('must be a product id')
  .min(1, 'must be a product id')
  .max(2_147_483_647, 'must be a product id');

/** A product id in a path: decimal digits only (no 7.0, 0x7, 7e0, +7, 07 or padded spaces as aliases of 7). */
export const ProductIdParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'must be a product id')
  .transform(Number)
  .pipe(ProductId);

export const CartItem = z.object({
  productId: z.number().int(),
  slug: z.string(),
  name: z.string(),
  image: z.string().nullable(),
  unitPrice: Money.meta({ description: "The catalog's current price" }),
  quantity: z.number().int(),
  lineTotal: Money,
  available: z.boolean().meta({
    description: 'False when the product was archived, is sold out, or has fewer units than the line',
  }),
  availableQuantity: z.number().int().meta({ description: 'Units that can be bought now (0 when archived)' }),
  priceChanged: z.boolean().meta({ description: 'The current price differs from the price when the line was added' }),
});
export type CartItem = z.infer<typeof CartItem>;

export const CartView = z
  .object({
    id: z.string(),
    items: z.array(CartItem),
    itemCount: z.number().int().meta({ description: 'Units over every line' }),
    subtotal: Money.meta({ description: 'Available lines only, summed in integer minor units' }),
    currency: z.string().nullable().meta({ description: 'ISO 4217; null while the cart has never had a line' }),
    updatedAt: z.string(),
  })
  .meta({ id: 'Cart' });
export type CartView = z.infer<typeof CartView>;

export const GuestCartCreated = z.object({
  token: z.string().meta({ description: 'Send as X-Cart-Token; shown once, stored only as a hash' }),
  cart: CartView,
});

const Quantity = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`);

export const AddCartItemRequest = z.object({ productId: ProductId, quantity: Quantity.default(1) });
export type AddCartItemRequest = z.input<typeof AddCartItemRequest>;

export const SetCartItemRequest = z.object({
  quantity: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be at least 0 (0 removes the line)')
    .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`),
});

export const MergeCap = z.object({
  productId: z.number().int(),
  /** The sum of both carts' quantities. */
  requested: z.number().int(),
  /** What the user's cart holds now. */
  quantity: z.number().int(),
  /** 'currency': the guest cart was priced in another currency than the user's, which cannot hold both. */
  reason: z.enum(['stock', 'max-quantity', 'line-limit', 'currency']),
});
export type MergeCap = z.infer<typeof MergeCap>;

export const MergeResult = z.object({
  cart: CartView,
  capped: z.array(MergeCap).meta({ description: 'Lines that did not get the sum of both carts, and why' }),
});
export type MergeResult = z.infer<typeof MergeResult>;
