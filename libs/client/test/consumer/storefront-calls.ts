// A frontend's use of the client, type-checked on its own (see ../consumer.test.ts): the right calls
// must compile and the wrong ones (marked) must not.
import {
  type ApiError,
  type Cart,
  type CatalogApi,
  createClient,
  fieldErrors,
  isApiError,
  type Product,
  type ResponseJson,
} from '@greencommerce/client';

const api = createClient({
  baseUrl: 'http://127.0.0.1:3000/api',
  urls: { catalog: 'http://127.0.0.1:8083' },
  token: async () => undefined,
});

export async function signIn(email: string, password: string): Promise<string | ApiError> {
  const { data, error } = await api.auth.POST('/auth/login', { body: { email, password } });
  if (error) return error;
  return data.token;
}

export async function cheapestFirst(category: string): Promise<Product[]> {
  const { data } = await api.catalog.GET('/products', { params: { query: { category, sort: 'price', limit: '24' } } });
  return data ?? [];
}

export async function productPage(slug: string): Promise<ResponseJson<CatalogApi.operations['getProduct']> | null> {
  const { data } = await api.catalog.GET('/products/{idOrSlug}', { params: { path: { idOrSlug: slug } } });
  return data ?? null;
}

export async function addToGuestCart(cartToken: string, productId: number): Promise<Cart | Record<string, string>> {
  const { data, error } = await api.cart.POST('/cart/items', {
    body: { productId, quantity: 2 },
    headers: { 'x-cart-token': cartToken },
  });
  return error ? fieldErrors(error) : data;
}

export function describeError(value: unknown): string {
  return isApiError(value) ? `${value.error.code}: ${value.error.message}` : 'unexpected';
}

export async function wrongCalls() {
  // @ts-expect-error no such path
  await api.catalog.GET('/productz');
  // @ts-expect-error productId is a number
  await api.cart.POST('/cart/items', { body: { productId: '7' } });
  // @ts-expect-error login needs a password
  await api.auth.POST('/auth/login', { body: { email: 'ana@example.com' } });
  // @ts-expect-error sort is one of the documented orders
  await api.catalog.GET('/products', { params: { query: { sort: 'cheapest' } } });
  // @ts-expect-error the product page needs its idOrSlug
  await api.catalog.GET('/products/{idOrSlug}', {});
  const { data } = await api.auth.POST('/auth/login', { body: { email: 'ana@example.com', password: 'x' } });
  // @ts-expect-error the login answer has no user field
  return data?.user;
}
