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

export interface Database {
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  outbox: OutboxTable;
  processed_events: ProcessedEventsTable;
  rate_limits: RateLimitsTable;
  leases: LeasesTable;
  categories: CategoriesTable;
  products: ProductsTable;
  product_images: ProductImagesTable;
  carts: CartsTable;
  cart_items: CartItemsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type RefreshTokenRow = Selectable<RefreshTokensTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type CategoryRow = Selectable<CategoriesTable>;
export type ProductRow = Selectable<ProductsTable>;
export type NewProduct = Insertable<ProductsTable>;
export type ProductUpdate = Updateable<ProductsTable>;
export type ProductImageRow = Selectable<ProductImagesTable>;
export type CartRow = Selectable<CartsTable>;
export type CartItemRow = Selectable<CartItemsTable>;
