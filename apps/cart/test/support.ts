import type { Db } from '@greencommerce/db';
import { createLogger } from '@greencommerce/http';
import {
  checkDocumentedStatuses,
  createMysqlTestDb,
  createSqliteTestDb,
  LIMIT_WINDOW_MS,
  newUser,
  type TestDb,
  testVerifier,
} from '@greencommerce/testing';
import { createApp as createRealApp } from '../src/app';
import type { CartDeps } from '../src/deps';

export type DbKind = 'mysql' | 'sqlite';
export const DB_KINDS: DbKind[] = ['mysql', 'sqlite'];

/** The real app; in tests, any status a documented route answers must be in its OpenAPI document. */
export const createApp = (deps: CartDeps) =>
  checkDocumentedStatuses(
    createRealApp(deps),
    createRealApp({ ...deps, logger: createLogger('cart', { level: 'silent' }) }),
  );

/** The real cart app on its own MariaDB database or embedded SQLite file. */
export async function createTestCart(name: string, kind: DbKind, config: Partial<CartDeps['config']> = {}) {
  const t: TestDb = kind === 'mysql' ? await createMysqlTestDb(name) : await createSqliteTestDb();
  const deps: CartDeps = {
    db: t.db,
    logger: createLogger('cart', { level: 'silent' }),
    verifyToken: testVerifier(),
    config: {
      corsOrigins: ['http://localhost:3000'],
      guestCartTtlDays: 30,
      trustedProxyHops: 0,
      guestCartIpLimit: 1_000_000,
      guestCartIpWindowMs: LIMIT_WINDOW_MS,
      ...config,
    },
  };
  const app = createApp(deps);
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    app.request(path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    app,
    deps,
    db: t.db,
    drop: t.drop,
    call,
    /** A new guest cart's token header. */
    guest: async () => {
      const res = await call('POST', '/cart');
      if (res.status !== 201) throw new Error(`POST /cart answered ${res.status}`);
      const { token } = (await res.json()) as { token: string };
      return { 'x-cart-token': token };
    },
    /** A user row and its bearer header. */
    user: async () => {
      const u = await newUser(t.db);
      return { id: u.id, headers: { authorization: `Bearer ${u.token}` } };
    },
  };
}
export type TestCart = Awaited<ReturnType<typeof createTestCart>>;

let seq = 0;
/**
 * A product written straight to the catalog's table (the cart only reads it): the test's stand-in
 * for the catalog service.
 */
export async function insertProduct(
  db: Db,
  p: { priceMinor?: number; stock?: number; currency?: string; archived?: boolean; name?: string } = {},
): Promise<number> {
  const n = ++seq;
  const { insertId } = await db
    .insertInto('products')
    .values({
      slug: `p-${process.pid}-${Date.now()}-${n}`,
      name: p.name ?? `Product ${n}`,
      description: 'A test product',
      price_minor: p.priceMinor ?? 1999,
      currency: p.currency ?? 'USD',
      category_slug: 'tecnologia',
      stock: p.stock ?? 10,
      image_url: `https://img.example.com/${n}.webp`,
      images: '[]',
      archived_at: p.archived ? new Date() : null,
    })
    .executeTakeFirstOrThrow();
  return Number(insertId);
}

/** What the catalog does when it changes a product: the cart sees it on its next read. */
export async function updateProduct(
  db: Db,
  id: number,
  changes: { priceMinor?: number; stock?: number; archived?: boolean },
) {
  await db
    .updateTable('products')
    .set({
      ...(changes.priceMinor !== undefined && { price_minor: changes.priceMinor }),
      ...(changes.stock !== undefined && { stock: changes.stock }),
      ...(changes.archived !== undefined && { archived_at: changes.archived ? new Date() : null }),
    })
    .where('id', '=', id)
    .execute();
}

export { expectError, tokenFor } from '@greencommerce/testing';
