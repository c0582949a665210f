import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Stored as DATETIME/TEXT; written as Date, read back as Date (mysql2) or string (SQLite). */
type Timestamp = ColumnType<Date | string, Date | string, Date | string>;
/** A timestamp the database fills in (DEFAULT CURRENT_TIMESTAMP) unless given. */
type DefaultedTimestamp = ColumnType<Date | string, Date | string | undefined, Date | string>;

export interface UsersTable {
  id: Generated<number>;
  name: string;
  last_name: string;
  day_birth: number;
  month_birth: number;
  year_birth: number;
  gender: string;
  phone_number: string;
  email: string;
  /** argon2id (or a bcrypt hash imported from the original system, upgraded on next login). */
  password: string;
  /** The profile image URL, kept as the original column; profile_photo_key is the object it points to. */
  profile_photo: string | null;
  profile_photo_key: string | null;
  shipping_address: string | null;
  /** 'customer' or 'admin'; copied into access tokens as the `roles` claim. */
  role: ColumnType<string, string | undefined, string>;
  /** 0/1. False until a verification link sent to the current address is followed; accounts older than it got false. */
  email_verified: ColumnType<number, number | boolean | undefined, number | boolean>;
  /** The mail language: 'es' (default) or 'en' (Accept-Language at registration preferred English). */
  locale: ColumnType<string, string | undefined, string>;
  /** 0/1. Set: no non-essential mail (verification, reset, password-change and receipts still go). */
  marketing_opt_out: ColumnType<number, number | boolean | undefined, number | boolean>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface RefreshTokensTable {
  id: string;
  user_id: number;
  family_id: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  /** A login's token only: the account bucket's window (rate_limits.window_start) it was issued in… */
  login_window: ColumnType<number | null, number | null | undefined, never>;
  /** …and the account's attempt count it settled there: the attempts up to it are no failures. */
  login_hits: ColumnType<number | null, number | null | undefined, never>;
}

export type AccountTokenPurpose = 'verify_email' | 'password_reset';

/** Owned by the auth app: single-use links. The token itself is never stored, only its SHA-256 (hex). */
export interface AccountTokensTable {
  id: string;
  token_hash: string;
  purpose: AccountTokenPurpose;
  /** Null only for the decoy row of a password reset for an unknown address (never redeemable). */
  user_id: number | null;
  /** The address the link was sent to; a verification only counts while the account still has it. */
  email: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: DefaultedTimestamp;
}

export interface OutboxTable {
  /** Publish order. */
  id: Generated<number>;
  event_id: string;
  topic: string;
  event_key: string;
  payload: string;
  created_at: DefaultedTimestamp;
  sent_at: Timestamp | null;
  /** Failed publish attempts; at the relay's limit a row the broker keeps refusing is parked. */
  attempts: Generated<number>;
  /** Set when the relay gave up on the row: it is no longer sent, and later rows of its key wait. */
  parked_at: Timestamp | null;
  last_error: string | null;
}

export interface ProcessedEventsTable {
  consumer_group: string;
  event_id: string;
  processed_at: DefaultedTimestamp;
}

export interface RateLimitsTable {
  bucket_key: string;
  window_start: number;
  hits: number;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: number;
}

export interface CategoriesTable {
  slug: string;
  name: string;
  /** A file under the catalog's shipped assets (categories/x.webp) or an absolute URL. */
  image: string;
  position: Generated<number>;
}

/** Owned by the catalog app; other apps read it through its repositories (checkout also reserves stock). */
export interface ProductsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  /** Integer minor units (cents). */
  price_minor: number;
  /** ISO 4217, upper case. */
  currency: string;
  category_slug: string;
  brand: Generated<string>;
  /** Tenths of a star, 0..50. */
  rating_tenths: Generated<number>;
  /** Units available, never below zero. */
  stock: number;
  /** 0/1 on both databases (SQLite and MySQL both store booleans as integers). */
  featured: ColumnType<number, number | boolean | undefined, number | boolean>;
  /** The first image's URL, or null. */
  image_url: string | null;
  /** JSON array of { id, url }, in display order; mirrors product_images. */
  images: string;
  /** Bumped by every write; the ETag and the If-Match precondition. */
  version: Generated<number>;
  archived_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ProductImagesTable {
  id: string;
  product_id: number;
  /** The stored object's key; null for an image given only as a URL. */
  object_key: string | null;
  url: string;
  position: number;
  created_at: DefaultedTimestamp;
}

/** Owned by the cart app. */
export interface CartsTable {
  id: string;
  user_id: number | null;
  /** The user's id while this is their active cart; null once it is closed. Unique. */
  active_user_id: number | null;
  /** SHA-256 (hex) of a guest cart's token; null for a user's cart. */
  token_hash: string | null;
  status: ColumnType<CartStatus, CartStatus | undefined, CartStatus>;
  /** Set when a guest cart was merged: the user's cart it went into. */
  merged_into: string | null;
  /** JSON of what the merge capped, so a retried merge answers the same. */
  merge_report: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type CartStatus = 'active' | 'merged' | 'checked_out';

export interface CartItemsTable {
  cart_id: string;
  product_id: number;
  /** 1..99 (CHECK). */
  quantity: number;
  /** Integer minor units when the line was added; the live price is the catalog's. */
  unit_price_minor: number;
  currency: string;
  added_at: DefaultedTimestamp;
}

/** Owned by apps/orders. Money is integer minor units; total = subtotal + shipping, computed once at checkout. */
export type OrderStatus =
  | 'pending_payment'
  | 'paid'
  | 'fulfilled'
  | 'cancelled'
  | 'expired'
  | 'refunded'
  | 'partially_refunded';

export interface OrdersTable {
  /** UUIDv7 (time-ordered): id order is creation order, and the listing cursor. */
  id: string;
  user_id: number;
  /** Changed only by one conditional UPDATE per transition (WHERE status IN the allowed from-states). */
  status: OrderStatus;
  currency: string;
  subtotal_minor: number;
  shipping_minor: number;
  /** What the provider is asked to charge. */
  total_minor: number;
  /** Sum of refunds applied; CHECK 0 <= refunded_minor <= total_minor. */
  refunded_minor: Generated<number>;
  /** Personal data snapshot; null after the user was deleted (see personal_data_erased_at). */
  customer_name: string | null;
  customer_email: string | null;
  /** JSON of the shipping address given at checkout. */
  shipping_address: string | null;
  personal_data_erased_at: Timestamp | null;
  /** The provider chosen at checkout ('test', 'stripe', ...). */
  payment_provider: string;
  /** The current payment (payments.id), set once the provider was asked. */
  payment_id: string | null;
  /** A pending_payment order past this is expired by the sweeper. */
  expires_at: Timestamp;
  /** Bumped by every transition. */
  version: Generated<number>;
  paid_at: Timestamp | null;
  /** When it left pending_payment/paid for good (cancelled, expired, fulfilled, refunded). */
  closed_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** A snapshot of one cart line at checkout. Primary key (order_id, product_id). */
export interface OrderLinesTable {
  order_id: string;
  /** Display order (the cart's order). */
  position: number;
  product_id: number;
  slug: string;
  name: string;
  unit_price_minor: number;
  quantity: number;
  line_total_minor: number;
}

/** The Idempotency-Key of a checkout or an admin refund, scoped to the caller (primary key user_id + idem_key), kept 24 h. */
export interface IdempotencyKeysTable {
  user_id: number;
  idem_key: string;
  /** SHA-256 hex of the canonical request body. */
  request_hash: string;
  /** Null while the first request with this key is still running. */
  response_status: number | null;
  response_body: string | null;
  order_id: string | null;
  /** The refund an admin refund's request reserved (null for a checkout). */
  refund_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultedTimestamp;
}

export type PaymentStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'cancelled';

/** One payment attempt of an order; written by apps/orders/src/payments. */
export interface PaymentsTable {
  /** UUID. */
  id: string;
  order_id: string;
  provider: string;
  /** The provider's own id (Stripe PaymentIntent id); unique per provider. */
  provider_ref: string | null;
  status: PaymentStatus;
  amount_minor: number;
  currency: string;
  client_secret: string | null;
  confirmation_url: string | null;
  failure_reason: string | null;
  /**
   * Set when its order was cancelled where the provider could not be called (an account's
   * deletion): the orders sweeper cancels it there and clears this.
   */
  cancel_owed_since: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** Webhook events seen, primary key (provider, provider_event_id): inserting first applies an event once. */
export interface PaymentEventsTable {
  provider: string;
  provider_event_id: string;
  type: string;
  payment_id: string | null;
  order_id: string | null;
  /** 'applied', 'ignored', 'refused', or 'parked' (a refund event waiting for one of ours to settle). */
  outcome: ColumnType<string, string | undefined, string>;
  note: string | null;
  /** A parked refund event's running total refunded, in minor units. */
  amount_minor: ColumnType<number | null, number | null | undefined, number | null>;
  received_at: DefaultedTimestamp;
}

export interface RefundsTable {
  id: string;
  order_id: string;
  payment_id: string | null;
  /** > 0. */
  amount_minor: number;
  currency: string;
  /**
   * The provider's refund id; unique, so a refund reported twice counts once. Null while the
   * provider has not answered yet: the amount is reserved on the order, the refund pending.
   */
  provider_ref: string | null;
  created_at: DefaultedTimestamp;
}

/** The `test` provider's own side (a simulated gateway): one intent per order. Owned by apps/orders/src/payments. */
export type TestIntentStatus = 'requires_payment_method' | 'processing' | 'succeeded' | 'cancelled';

export interface TestPaymentIntentsTable {
  /** tpi_<uuid>: the providerRef the shop stores. */
  ref: string;
  /** Unique: the order id; asking twice returns the same intent. */
  idempotency_key: string;
  order_id: string;
  amount_minor: number;
  currency: string;
  status: TestIntentStatus;
  /** Successful charges; 1 at most, by the conditional confirm. */
  captures: Generated<number>;
  refunded_minor: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** A webhook the `test` provider still has to deliver (delivered_at null) or delivered. */
export interface TestPaymentWebhooksTable {
  /** tevt_<uuid>: the providerEventId. */
  event_id: string;
  intent_ref: string;
  /** The JSON sent, exactly as signed. */
  payload: string;
  /** Epoch ms of the next attempt (database clock). */
  due_at: number;
  attempts: Generated<number>;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: DefaultedTimestamp;
}

export type NotificationMailStatus = 'pending' | 'sent' | 'failed';

/** Owned by the notifications app: one message per event, queued in the consumer's transaction. */
export interface NotificationMailTable {
  event_id: string;
  kind: string;
  recipient: string;
  locale: string;
  subject: string;
  /** Null once sent or failed. */
  text_body: string | null;
  html_body: string | null;
  status: ColumnType<NotificationMailStatus, NotificationMailStatus | undefined, NotificationMailStatus>;
  attempts: Generated<number>;
  /** Epoch ms, the database's clock. */
  next_attempt_at: number;
  claimed_by: string | null;
  claimed_until: number | null;
  last_error: string | null;
  created_at: DefaultedTimestamp;
  sent_at: Timestamp | null;
}

export interface Database {
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  account_tokens: AccountTokensTable;
  outbox: OutboxTable;
  processed_events: ProcessedEventsTable;
  rate_limits: RateLimitsTable;
  leases: LeasesTable;
  categories: CategoriesTable;
  products: ProductsTable;
  product_images: ProductImagesTable;
  carts: CartsTable;
  cart_items: CartItemsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  idempotency_keys: IdempotencyKeysTable;
  payments: PaymentsTable;
  payment_events: PaymentEventsTable;
  refunds: RefundsTable;
  test_payment_intents: TestPaymentIntentsTable;
  test_payment_webhooks: TestPaymentWebhooksTable;
  notification_mail: NotificationMailTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type RefreshTokenRow = Selectable<RefreshTokensTable>;
export type AccountTokenRow = Selectable<AccountTokensTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type CategoryRow = Selectable<CategoriesTable>;
export type ProductRow = Selectable<ProductsTable>;
export type NewProduct = Insertable<ProductsTable>;
export type ProductUpdate = Updateable<ProductsTable>;
export type ProductImageRow = Selectable<ProductImagesTable>;
export type CartRow = Selectable<CartsTable>;
export type CartItemRow = Selectable<CartItemsTable>;
export type OrderRow = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;
export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type NewPayment = Insertable<PaymentsTable>;
export type PaymentEventRow = Selectable<PaymentEventsTable>;
export type RefundRow = Selectable<RefundsTable>;
export type TestPaymentIntentRow = Selectable<TestPaymentIntentsTable>;
export type TestPaymentWebhookRow = Selectable<TestPaymentWebhooksTable>;
export type NotificationMailRow = Selectable<NotificationMailTable>;
