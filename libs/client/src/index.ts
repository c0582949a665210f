import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import type * as AuthApi from './generated/auth';
import type * as CartApi from './generated/cart';
import type * as CatalogApi from './generated/catalog';
import type * as OrdersApi from './generated/orders';
import type * as UsersApi from './generated/users';

// Each app's paths, operations and components, as its /openapi.json declares them.
export type { AuthApi, CartApi, CatalogApi, OrdersApi, UsersApi };

export const SERVICES = ['auth', 'users', 'catalog', 'cart', 'orders'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** A value, or a function asked before every request (so a refreshed token is picked up). */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

export type ClientOptions = {
  /** Where every service is reached unless `urls` names its own; unset: relative URLs (same origin). */
  baseUrl?: string;
  /** One service's own base URL, e.g. `{ catalog: 'http://127.0.0.1:8083' }`; wins over `baseUrl`. */
  urls?: Partial<Record<ServiceName, string>>;
  fetch?: typeof fetch;
  /** Sent as `Authorization: Bearer <token>` unless a call sets its own Authorization header. */
  token?: TokenSource;
  /** Sent with every request. */
  headers?: Record<string, string>;
};

export type GreenCommerceClient = {
  auth: Client<AuthApi.paths>;
  users: Client<UsersApi.paths>;
  catalog: Client<CatalogApi.paths>;
  cart: Client<CartApi.paths>;
  orders: Client<OrdersApi.paths>;
};

/** The one error shape every service answers with, for every 4xx and 5xx. */
export type ApiError = AuthApi.components['schemas']['ErrorBody'];
export type ErrorCode = ApiError['error']['code'];

// The named schemas a storefront renders.
export type Product = CatalogApi.components['schemas']['Product'];
export type ProductImage = CatalogApi.components['schemas']['ProductImage'];
export type Category = CatalogApi.components['schemas']['Category'];
export type Cart = CartApi.components['schemas']['Cart'];
export type Order = OrdersApi.components['schemas']['Order'];
export type OrderAddress = OrdersApi.components['schemas']['OrderAddress'];
/** In a checkout's 409: the order its Idempotency-Key placed, closed meanwhile, and what became of its payment. */
export type ClosedOrderOutcome = OrdersApi.components['schemas']['ClosedOrderOutcome'];

/** An operation's JSON request body: `RequestJson<AuthApi.operations['register']>`. */
export type RequestJson<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** An operation's JSON response body for one status: `ResponseJson<CatalogApi.operations['listProducts']>`. */
export type ResponseJson<Op, Status extends number = 200> = Op extends {
  responses: { [S in Status]: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

function bearer(token: TokenSource): Middleware {
  return {
    async onRequest({ request }) {
      if (request.headers.has('authorization')) return;
      const value = typeof token === 'function' ? await token() : token;
      if (value) request.headers.set('authorization', `Bearer ${value}`);
    },
  };
}

/**
 * A typed client per service (openapi-fetch): paths, bodies and answers are checked against that
 * app's OpenAPI document, and every call resolves to `{ data }` or `{ error }` (the error shape):
 *
 *     const api = createClient({ urls: { catalog: 'http://127.0.0.1:8083' }, token: () => session.token });
 *     const { data, error } = await api.catalog.GET('/products', { params: { query: { q: 'té' } } });
 */
export function createClient(opts: ClientOptions = {}): GreenCommerceClient {
  // Looked up per request rather than captured now, so a fetch patched later (Next.js, tests) is used.
  const fetcher = opts.fetch ?? ((input: Request) => globalThis.fetch(input));
  const auth = opts.token === undefined ? undefined : bearer(opts.token);
  const forService = <Paths extends {}>(name: ServiceName): Client<Paths> => {
    const client = createFetchClient<Paths>({
      baseUrl: opts.urls?.[name] ?? opts.baseUrl ?? '',
      fetch: fetcher,
      ...(opts.headers && { headers: opts.headers }),
    });
    if (auth) client.use(auth);
    return client;
  };
  return {
    auth: forService<AuthApi.paths>('auth'),
    users: forService<UsersApi.paths>('users'),
    catalog: forService<CatalogApi.paths>('catalog'),
    cart: forService<CartApi.paths>('cart'),
    orders: forService<OrdersApi.paths>('orders'),
  };
}

/** Whether a value (a call's `error`, a parsed body) is the one error shape. */
export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const { error } = value as { error: unknown };
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/**
 * The message for each field a VALIDATION_FAILED error names (`details`), keyed by its path
 * (`email`, `shippingAddress.city`, `(body)`), the first one when a field has several; a form shows
 * each next to its field. Empty for anything else.
 */
export function fieldErrors(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isApiError(value)) return out;
  for (const d of value.error.details ?? []) out[d.path] ??= d.message;
  return out;
}
