import { z } from 'zod';
import { ErrorBody } from './errors';
import { MAX_PAGE_SIZE } from './products';

/** Decimal major units with at most two decimals (19.99); computed from the stored integer minor units. */
const Money = z.number().meta({ description: 'Major units, at most two decimals' });

export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'fulfilled',
  'cancelled',
  'expired',
  'refunded',
  'partially_refunded',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** An order id: a UUID (v7, time-ordered). Anything else is a 404 for a path, a 400 for a cursor. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const OrderId = z.string().regex(UUID, 'must be an order id');

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    // Control characters have no place on a parcel label (and break CSV exports and logs).
    .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters');
const optionalText = (max: number) => text(max).optional();

export const OrderAddress = z
  .object({
    name: text(200).meta({ description: 'Recipient' }),
    line1: text(200),
    line2: optionalText(200),
    city: text(100),
    region: optionalText(100),
    postalCode: text(20),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code (EC, ES, ...)')
      .meta({ description: 'ISO 3166-1 alpha-2' }),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{4,30}$/, 'must be a phone number')
      .optional(),
  })
  .meta({ id: 'OrderAddress' });
export type OrderAddress = z.infer<typeof OrderAddress>;

export const CheckoutRequest = z.object({
  shippingAddress: OrderAddress,
  paymentProvider: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a payment provider name')
    .default('test')
    .meta({ description: 'A provider this deployment offers (`test` by default; `stripe` when configured)' }),
});
export type CheckoutRequest = z.input<typeof CheckoutRequest>;

/** Idempotency-Key: what the client chose, any printable ASCII up to 255 characters (a UUID is typical). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 printable ASCII characters');

export const OrderLine = z.object({
  productId: z.number().int(),
  slug: z.string(),
  name: z.string(),
  unitPrice: Money.meta({ description: 'The price when the order was placed' }),
  quantity: z.number().int(),
  lineTotal: Money,
});

export const OrderView = z
  .object({
    id: z.string(),
    userId: z.number().int(),
    status: OrderStatus,
    currency: z.string(),
    lines: z.array(OrderLine),
    subtotal: Money,
    shipping: Money,
    total: Money.meta({ description: 'subtotal + shipping: what the payment provider is asked to charge' }),
    refunded: Money,
    shippingAddress: OrderAddress.nullable().meta({ description: 'Null once the account was deleted' }),
    customer: z
      .object({ name: z.string().nullable(), email: z.string().nullable() })
      .meta({ description: 'Null fields once the account was deleted' }),
    paymentProvider: z.string(),
    paymentId: z.string().nullable(),
    expiresAt: z.string().meta({ description: 'A pending_payment order not paid by then expires' }),
    paidAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Order' });
export type OrderView = z.infer<typeof OrderView>;

export const PaymentStart = z
  .object({
    id: z.string(),
    provider: z.string(),
    clientSecret: z.string().nullable().meta({ description: 'For a client-side SDK (Stripe)' }),
    confirmationUrl: z.string().nullable().meta({ description: 'Where the client confirms the payment' }),
  })
  .meta({ id: 'PaymentStart' });

export const CheckoutResponse = z.object({ order: OrderView, payment: PaymentStart });
export type CheckoutResponse = z.infer<typeof CheckoutResponse>;

/**
 * A checkout whose Idempotency-Key placed an order that was cancelled or expired before its payment
 * could go on: what became of the order and of the customer's money, for the client to say so.
 */
export const ClosedOrderOutcome = z
  .object({
    order: z.object({ id: z.string(), status: z.enum(['cancelled', 'expired']) }),
    payment: z.enum(['not_started', 'cancelled', 'refunded']).meta({
      description:
        'not_started: no payment was ever started, nothing is charged; cancelled: the payment was cancelled at the provider; refunded: a payment made all the same is refunded',
    }),
  })
  .meta({ id: 'ClosedOrderOutcome' });
export type ClosedOrderOutcome = z.infer<typeof ClosedOrderOutcome>;

/** The 409 of POST /checkout: the one error body, with `closedOrder` when the key's order was closed. */
export const CheckoutConflictBody = z
  .object({ error: ErrorBody.shape.error.extend({ closedOrder: ClosedOrderOutcome.optional() }) })
  .meta({ id: 'CheckoutConflictBody' });
export type CheckoutConflictBody = z.infer<typeof CheckoutConflictBody>;

export const DEFAULT_ORDER_PAGE_SIZE = 20;

const limit = z
  .string()
  .refine((s) => /^[1-9][0-9]{0,2}$/.test(s) && Number(s) <= MAX_PAGE_SIZE, {
    message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
  })
  .optional()
  .meta({ description: `1 to ${MAX_PAGE_SIZE}, default ${DEFAULT_ORDER_PAGE_SIZE}` });
const cursor = z
  .string()
  .regex(UUID, 'must be a cursor from a Link header')
  .optional()
  .meta({ description: 'Opaque; from the `Link: <…>; rel="next"` header of the previous page' });

export const OrderListQuery = z.object({ limit, cursor }).strict();

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, 'must be a date or date-time')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a real date')
  // What a DATETIME holds: a year of four digits once its offset is applied (0000-01-01T00:00+14:00
  // is year -1, which the MySQL driver cannot send).
  .refine((s) => {
    const year = new Date(s).getUTCFullYear();
    return year >= 1000 && year <= 9999;
  }, 'must be between the years 1000 and 9999')
  .optional();

export const AdminOrderListQuery = z
  .object({
    status: OrderStatus.optional(),
    from: date.meta({ description: 'Placed at or after (ISO 8601 date or date-time; a date is UTC midnight)' }),
    to: date.meta({ description: 'Placed before (ISO 8601 date or date-time)' }),
    userId: z
      .string()
      .regex(/^[1-9][0-9]{0,9}$/, 'must be a user id')
      .optional(),
    limit,
    cursor,
  })
  .strict();
