import type { Db } from '@greencommerce/db';
import { findCartItems, findOrderLines, insertCartItem, insertUserCart } from '@greencommerce/db';
import { createLogger } from '@greencommerce/http';
import {
  adminTokenFor,
  checkDocumentedStatuses,
  createMysqlTestDb,
  createSqliteTestDb,
  insertAccount,
  type TestDb,
  testVerifier,
  tokenFor,
} from '@greencommerce/testing';
import { createApp as createRealApp } from '../src/app';
import { ORDERS_DB_OPTIONS } from '../src/db-options';
import type { OrdersConfig, OrdersDeps } from '../src/deps';
import type { PayableOrder, PaymentProvider, StartedPayment } from '../src/payments/provider';
import { startRecordedPayment } from '../src/payments/start-recorded-payment';

export type DbKind = 'mysql' | 'sqlite';
export const DB_KINDS: DbKind[] = ['mysql', 'sqlite'];

/** The real app; in tests, any status a documented route answers must be in its OpenAPI document. */
export const createApp = (deps: OrdersDeps) =>
  checkDocumentedStatuses(
    createRealApp(deps),
    createRealApp({ ...deps, logger: createLogger('orders', { level: 'silent' }) }),
  );

/**
 * A stand-in payment provider for the order side's tests (the real ones are the payment side's):
 * it records its start on the order's `payments` row as every provider does, and answers the same
 * reference when asked again. `down` makes it throw, as an unreachable provider would.
 */
export class FakeProvider implements PaymentProvider {
  readonly name = 'fake';
  starts = 0;
  down = false;
  constructor(private readonly db: Db) {}
  async startPayment(order: PayableOrder): Promise<StartedPayment> {
    this.starts++;
    if (this.down) throw new Error('provider unreachable');
    return startRecordedPayment(this.db, this.name, order, async () => ({
      providerRef: `fake_${order.id}`,
      clientSecret: `secret_${order.id}`,
    }));
  }
  cancelled: string[] = [];
  async capture(): Promise<void> {}
  async cancel(providerRef: string): Promise<void> {
    this.cancelled.push(providerRef);
  }
  async refund(): Promise<{ refundRef: string }> {
    throw new Error('the fake provider does not refund');
  }
  async verifyWebhook(): Promise<null> {
    return null;
  }
}

export const TEST_CONFIG: OrdersConfig = {
  corsOrigins: ['http://localhost:3000'],
  shippingFeeMinor: 495,
  freeShippingThresholdMinor: 5000,
  paymentTtlSeconds: 1800,
  requireVerifiedEmail: false,
};

/** The real orders app on its own MariaDB database or embedded SQLite file, with the fake provider. */
export async function createTestOrders(name: string, kind: DbKind, config: Partial<OrdersConfig> = {}) {
  const t: TestDb = kind === 'mysql' ? await createMysqlTestDb(name, ORDERS_DB_OPTIONS) : await createSqliteTestDb();
  const provider = new FakeProvider(t.db);
  const deps: OrdersDeps = {
    db: t.db,
    logger: createLogger('orders', { level: 'silent' }),
    verifyToken: testVerifier(),
    config: { ...TEST_CONFIG, ...config },
    payments: new Map([[provider.name, provider]]),
  };
  const app = createApp(deps);
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    app.request(path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let nextUser = 1000 + Math.floor(Math.random() * 1000) * 1000;
  return {
    app,
    deps,
    db: t.db,
    provider,
    drop: t.drop,
    call,
    /** A shopper: an account (checkout holds its row, see holdAccount), its id and bearer header. */
    user: async () => {
      const id = nextUser++;
      await insertAccount(t.db, `u${id}@example.com`, id);
      return { id, headers: { authorization: `Bearer ${await tokenFor(id)}` } };
    },
    admin: async () => {
      const id = nextUser++;
      await insertAccount(t.db, `u${id}@example.com`, id);
      return { id, headers: { authorization: `Bearer ${await adminTokenFor(id)}` } };
    },
    /** POST /checkout with a key (a new one unless given) and a valid body. */
    checkout: (headers: Record<string, string>, key: string = crypto.randomUUID(), body: unknown = checkoutBody()) =>
      call('POST', '/checkout', { ...headers, 'idempotency-key': key }, body),
    /** POST /checkout while the provider is unreachable: the order is placed, the answer is a 503. */
    checkoutWhileProviderDown: async (headers: Record<string, string>, key: string) => {
      provider.down = true;
      try {
        return await call('POST', '/checkout', { ...headers, 'idempotency-key': key }, checkoutBody());
      } finally {
        provider.down = false;
      }
    },
  };
}
export type TestOrders = Awaited<ReturnType<typeof createTestOrders>>;

export const address = (over: Record<string, unknown> = {}) => ({
  name: 'Ana Pérez',
  line1: 'Av. Amazonas 123',
  city: 'Quito',
  postalCode: '170135',
  country: 'EC',
  ...over,
});
export const checkoutBody = (over: Record<string, unknown> = {}) => ({
  shippingAddress: address(),
  paymentProvider: 'fake',
  ...over,
});

let seq = 0;
/** A product written straight to the catalog's table: the test's stand-in for the catalog. */
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
      images: '[]',
      archived_at: p.archived ? new Date() : null,
    })
    .executeTakeFirstOrThrow();
  return Number(insertId);
}

/** The user's cart with these lines, as the cart app leaves it (the test's stand-in for the cart). */
export async function fillCart(
  db: Db,
  userId: number,
  lines: { productId: number; quantity: number; unitPriceMinor?: number; currency?: string }[],
): Promise<string> {
  const cartId = crypto.randomUUID();
  await insertUserCart(db, { id: cartId, userId });
  for (const l of lines) {
    await insertCartItem(db, {
      cartId,
      productId: l.productId,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor ?? 1,
      currency: l.currency ?? 'USD',
    });
  }
  return cartId;
}

export const stockOf = async (db: Db, productId: number) =>
  (await db.selectFrom('products').select('stock').where('id', '=', productId).executeTakeFirstOrThrow()).stock;

export const outboxEvents = async (db: Db, event: string) =>
  (await db.selectFrom('outbox').select('payload').orderBy('id').execute())
    .map((r) => JSON.parse(r.payload))
    .filter((e) => e.event === event);

export const orderCount = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export { expectError } from '@greencommerce/testing';
export { findCartItems, findOrderLines };
