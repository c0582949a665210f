import type { Db } from '@greencommerce/db';
import { adminTokenFor, tokenFor } from '@greencommerce/testing';

// Requests and checks shared by the admin write suites (the app itself comes from ./support).

export const ADMIN_ID = 900_001;
export const adminToken = await adminTokenFor(ADMIN_ID);
/** A signed-in shopper: a valid token without the admin role. */
export const customerToken = await tokenFor(900_002);
/** A token from before roles existed: no roles claim, so no role. */
export const rolelessToken = await tokenFor(900_003, undefined, { roles: undefined });

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** A JSON request as an admin (or with the token given; null sends none). */
export function send(
  app: App,
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string | null; headers?: Record<string, string> } = {},
) {
  const token = opts.token === undefined ? adminToken : opts.token;
  return app.request(path, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...opts.headers,
    },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** A multipart image upload to a product. */
export function uploadTo(app: App, ref: string | number, fields: Record<string, Blob | string>, token = adminToken) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return app.request(`/products/${ref}/images`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
}

export const imageFile = (bytes: Uint8Array<ArrayBuffer>, name = 'photo.png', type = 'image/png') =>
  new File([bytes], name, { type });

export type OutboxEvent = { event: string; version: number; data: Record<string, unknown> & { productId: number } };

/** Every event the outbox holds for a product, oldest first, with its topic and key. */
export async function eventsFor(db: Db, productId: number) {
  const rows = await db.selectFrom('outbox').select(['topic', 'event_key', 'payload']).orderBy('id').execute();
  return rows
    .map((r) => ({ topic: r.topic, key: r.event_key, ...(JSON.parse(r.payload) as OutboxEvent) }))
    .filter((e) => e.data.productId === productId);
}

export const productCount = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('products')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const outboxCount = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

let seq = 0;
/** A unique name for a product, so suites on one database never collide. */
export const uniqueName = (tag = 'Product') => `${tag} ${process.pid} ${Date.now() % 1e6} ${++seq}`;

/** The original FastAPI POST /products/ body. */
export const fastApiPayload = (overrides: Record<string, unknown> = {}) => ({
  name: uniqueName('Cepillo de bambú'),
  description: 'Biodegradable, con cerdas de carbón',
  price: 4.5,
  category: 'Cuidado Personal',
  image: 'https://img.example.com/cepillo.jpg',
  quantity: 120,
  brand: 'EcoSmile',
  rating: 4.7,
  ...overrides,
});

/** The later GraphQL createProduct(data) input. */
export const graphQlPayload = (overrides: Record<string, unknown> = {}) => ({
  name: uniqueName('Solar Charger'),
  description: '10 W folding panel',
  price: 39.99,
  stock: 7,
  brand: 'SunCo',
  category: 'tecnologia',
  image_url: 'https://img.example.com/solar.png',
  ...overrides,
});

/** Creates a product through the API and returns it with its ETag. */
export async function createViaApi(app: App, overrides: Record<string, unknown> = {}) {
  const res = await send(app, 'POST', '/products', graphQlPayload(overrides));
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return {
    product: (await res.json()) as { id: number; slug: string } & Record<string, unknown>,
    etag: res.headers.get('etag')!,
  };
}
