import { z } from 'zod';

const envelope = <E extends string, D extends z.ZodType>(event: E, data: D) =>
  z.object({
    id: z.uuid(),
    event: z.literal(event),
    version: z.literal(1),
    occurredAt: z.iso.datetime(),
    data,
  });

/** `userId` and `imageUrl` keep consumers of the original `{ event, data: { userId, imageUrl } }` working. */
export const ImageUploaded = envelope(
  'ImageUploaded',
  z.object({
    userId: z.number().int(),
    imageUrl: z.string(),
    key: z.string(),
    contentType: z.string(),
    size: z.number().int(),
  }),
);

/** The language mail to an account is written in: 'en' when Accept-Language at registration preferred English. */
export const MailLocale = z.enum(['es', 'en']);

/**
 * `name` and `locale` are what a welcome needs. The welcome mail itself is sent for the
 * EmailVerificationRequested of reason 'registration' emitted in the same transaction (one mail with
 * the link, not two): a consumer of UserRegistered sends nothing that needs the link.
 */
export const UserRegistered = envelope(
  'UserRegistered',
  // Defaults read the events written before these fields existed.
  z.object({
    userId: z.number().int(),
    email: z.string(),
    name: z.string().default(''),
    locale: MailLocale.default('es'),
  }),
);

/*
 * Link-carrying events. Decision: the raw link token travels in the event, through the outbox and Kafka,
 * because the mailer must put it in the link and the auth database keeps only its SHA-256. Accepted because
 * the token is single-use, short-lived (verification 24 h, reset 30 min), superseded by the next request,
 * and worthless once used; the outbox row is pruned by housekeeping after it is sent, the topics are
 * internal and no consumer other than notifications may subscribe to them, and nothing may log payloads
 * of these topics. The alternatives were worse: the mailer minting tokens would make it write auth's
 * table; a token derived from a secret shared with the mailer leaks the same power with a longer life.
 * `expiresAt` is when the token stops working (ISO 8601), to say so in the mail.
 */
const linkRequest = z.object({
  userId: z.number().int(),
  /** The address to send to (for an email change: the new address). */
  email: z.string(),
  name: z.string(),
  locale: MailLocale,
  /** The raw token for the link: base64url, 43 characters. Never log it. */
  token: z.string(),
  expiresAt: z.iso.datetime(),
});

/**
 * `reason`: 'registration' (the welcome mail, with the link), 'resend' (POST /auth/verify-email/resend),
 * 'email_changed' (PUT /user/update changed the address). The link: `<web>/verify-email?token=<token>`,
 * whose page calls POST /auth/verify-email { token }. Always sent, whatever marketing_opt_out says.
 */
export const EmailVerificationRequested = envelope(
  'EmailVerificationRequested',
  linkRequest.extend({ reason: z.enum(['registration', 'resend', 'email_changed']) }),
);

/**
 * Emitted only for an existing account (a request for an unknown address emits nothing). The link:
 * `<web>/reset-password?token=<token>`, whose page calls POST /auth/password-reset/confirm. Always sent.
 */
export const PasswordResetRequested = envelope('PasswordResetRequested', linkRequest);

/**
 * The password was changed: 'reset' (by a reset link; every session was signed out) or 'change'
 * (POST /auth/password by the signed-in user). A security notice, always sent.
 */
export const PasswordChanged = envelope(
  'PasswordChanged',
  z.object({
    userId: z.number().int(),
    email: z.string(),
    name: z.string(),
    locale: MailLocale,
    reason: z.enum(['reset', 'change']),
  }),
);

export const UserUpdated = envelope(
  'UserUpdated',
  z.object({ userId: z.number().int(), changedFields: z.array(z.string()) }),
);

export const UserDeleted = envelope('UserDeleted', z.object({ userId: z.number().int() }));

/** Money in events is integer minor units, as stored; a product's public fields use the catalog's wire names. */
const productSnapshot = z.object({
  productId: z.number().int(),
  slug: z.string(),
  name: z.string(),
  priceMinor: z.number().int(),
  currency: z.string(),
  category: z.string(),
  stock: z.number().int(),
});

export const ProductCreated = envelope('ProductCreated', productSnapshot);

/** `changedFields` names the product's wire fields (price, stock, ...); `product` is the state after the write. */
export const ProductUpdated = envelope(
  'ProductUpdated',
  z.object({ productId: z.number().int(), changedFields: z.array(z.string()), product: productSnapshot }),
);

export const ProductArchived = envelope('ProductArchived', z.object({ productId: z.number().int(), slug: z.string() }));

export const StockChanged = envelope(
  'StockChanged',
  z.object({
    productId: z.number().int(),
    oldQuantity: z.number().int(),
    newQuantity: z.number().int(),
    reason: z.string(),
  }),
);

/** One order line as the order keeps it (a snapshot at checkout), in integer minor units. */
const orderLine = z.object({
  productId: z.number().int(),
  slug: z.string(),
  name: z.string(),
  unitPriceMinor: z.number().int(),
  quantity: z.number().int(),
  lineTotalMinor: z.number().int(),
});

/** Totals as stored on the order: totalMinor = subtotalMinor + shippingMinor, what the provider charges. */
const orderTotals = {
  currency: z.string(),
  subtotalMinor: z.number().int(),
  shippingMinor: z.number().int(),
  totalMinor: z.number().int(),
};

/**
 * What a receipt or notice needs without reading the orders tables: who (email may be null once the
 * user's personal data was erased), what, and how much.
 */
const orderReceipt = z.object({
  orderId: z.string(),
  userId: z.number().int(),
  email: z.string().nullable(),
  customerName: z.string().nullable(),
  lines: z.array(orderLine),
  ...orderTotals,
});

export const OrderPlaced = envelope(
  'OrderPlaced',
  orderReceipt.extend({ paymentProvider: z.string(), expiresAt: z.iso.datetime() }),
);

export const OrderPaid = envelope(
  'OrderPaid',
  orderReceipt.extend({ paymentId: z.string().nullable(), provider: z.string() }),
);

/** `by`: the owner ('customer') or an admin. Reserved stock was released. */
/** by: the owner, an admin, or the system (the owner's account was deleted while the order waited for payment). */
export const OrderCancelled = envelope(
  'OrderCancelled',
  orderReceipt.extend({ by: z.enum(['customer', 'admin', 'system']) }),
);

/** Not paid within ORDER_PAYMENT_TTL_SECONDS; reserved stock was released. */
export const OrderExpired = envelope('OrderExpired', orderReceipt);

export const OrderFulfilled = envelope('OrderFulfilled', orderReceipt);

/** One refund: `amountMinor` this time, `refundedMinor` in all so far; `full` when the whole total is refunded. */
export const OrderRefunded = envelope(
  'OrderRefunded',
  orderReceipt.extend({
    refundId: z.string(),
    amountMinor: z.number().int(),
    refundedMinor: z.number().int(),
    full: z.boolean(),
  }),
);

/** A payment attempt failed; the order stays pending_payment (another attempt may succeed) until it expires. */
export const PaymentFailed = envelope(
  'PaymentFailed',
  z.object({
    orderId: z.string(),
    userId: z.number().int(),
    email: z.string().nullable(),
    paymentId: z.string().nullable(),
    provider: z.string(),
    reason: z.string(),
    currency: z.string(),
    totalMinor: z.number().int(),
  }),
);

/** The user's cart became this order (checkout closed it). */
export const CartCheckedOut = envelope(
  'CartCheckedOut',
  z.object({ cartId: z.string(), userId: z.number().int(), orderId: z.string() }),
);

export const DomainEvent = z.discriminatedUnion('event', [
  ImageUploaded,
  UserRegistered,
  EmailVerificationRequested,
  PasswordResetRequested,
  PasswordChanged,
  UserUpdated,
  UserDeleted,
  ProductCreated,
  ProductUpdated,
  ProductArchived,
  StockChanged,
  OrderPlaced,
  OrderPaid,
  OrderCancelled,
  OrderExpired,
  OrderFulfilled,
  OrderRefunded,
  PaymentFailed,
  CartCheckedOut,
]);
export type DomainEvent = z.infer<typeof DomainEvent>;
export type EventName = DomainEvent['event'];
export type EventData<E extends EventName> = Extract<DomainEvent, { event: E }>['data'];

export const topics = {
  ImageUploaded: 'user.image.uploaded',
  UserRegistered: 'user.registered',
  EmailVerificationRequested: 'user.email-verification-requested',
  PasswordResetRequested: 'user.password-reset-requested',
  PasswordChanged: 'user.password-changed',
  UserUpdated: 'user.updated',
  UserDeleted: 'user.deleted',
  ProductCreated: 'catalog.product.created',
  ProductUpdated: 'catalog.product.updated',
  ProductArchived: 'catalog.product.archived',
  StockChanged: 'catalog.product.stock-changed',
  OrderPlaced: 'orders.placed',
  OrderPaid: 'orders.paid',
  OrderCancelled: 'orders.cancelled',
  OrderExpired: 'orders.expired',
  OrderFulfilled: 'orders.fulfilled',
  OrderRefunded: 'orders.refunded',
  PaymentFailed: 'orders.payment-failed',
  CartCheckedOut: 'cart.checked-out',
} as const satisfies Record<EventName, string>;

/**
 * Keyed by the entity an event concerns, so that entity's events stay in order on one partition:
 * an order's events (and the cart checkout that made it) by the order id.
 */
export const eventKey = (e: DomainEvent): string => {
  const d = e.data;
  if ('orderId' in d) return d.orderId;
  return String('productId' in d ? d.productId : d.userId);
};
