import { expect, test } from 'bun:test';
import { type ApiError, createClient, fieldErrors, isApiError } from '../src/index';

/** A fetch that records each request and answers with the given status and JSON body. */
function recorder(status = 200, body: unknown = []) {
  const seen: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Request(input, init));
    return Response.json(body, { status });
  };
  return { seen, fetch: fetch as typeof globalThis.fetch };
}

const validationFailed: ApiError = {
  error: {
    code: 'VALIDATION_FAILED',
    message: 'Request body is invalid',
    details: [
      { path: 'email', message: 'Invalid email address' },
      { path: 'email', message: 'Too long' },
      { path: 'shippingAddress.city', message: 'Required' },
    ],
    requestId: 'r1',
  },
};

test('a service URL wins over baseUrl, and each service has its own', async () => {
  const r = recorder();
  const client = createClient({ baseUrl: 'http://gateway.test/', urls: { catalog: 'http://catalog.test' }, ...r });
  await client.catalog.GET('/products', { params: { query: { q: 'té verde', limit: '2' } } });
  await client.cart.GET('/cart');
  expect(r.seen.map((req) => req.url)).toEqual([
    'http://catalog.test/products?q=t%C3%A9%20verde&limit=2',
    'http://gateway.test/cart',
  ]);
});

test('the token, asked before each request, becomes a bearer header; a call may set its own', async () => {
  const r = recorder();
  let current: string | undefined = 'first';
  const client = createClient({
    baseUrl: 'http://x.test',
    token: async () => current,
    headers: { 'x-app': 'web' },
    ...r,
  });
  await client.users.GET('/user/info');
  current = 'second';
  await client.users.GET('/user/info');
  current = undefined;
  await client.users.GET('/user/info');
  await createClient({ baseUrl: 'http://x.test', token: 'fixed', ...r }).users.GET('/user/info', {
    headers: { authorization: 'Bearer mine' },
  });
  expect(r.seen.map((req) => req.headers.get('authorization'))).toEqual([
    'Bearer first',
    'Bearer second',
    null,
    'Bearer mine',
  ]);
  expect(r.seen[0]!.headers.get('x-app')).toBe('web');
});

test('an error answer comes back as `error`, in the one error shape', async () => {
  const r = recorder(400, validationFailed);
  const { data, error, response } = await createClient({ baseUrl: 'http://x.test', ...r }).auth.POST('/auth/login', {
    body: { email: 'not-an-email', password: 'x' },
  });
  expect(response.status).toBe(400);
  expect(data).toBeUndefined();
  expect(isApiError(error)).toBe(true);
  expect(error?.error.code).toBe('VALIDATION_FAILED');
  expect(await r.seen[0]!.json()).toEqual({ email: 'not-an-email', password: 'x' });
});

test('isApiError accepts only the error shape', () => {
  expect(isApiError(validationFailed)).toBe(true);
  for (const other of [null, undefined, 'error', [], {}, { error: 'x' }, { error: { code: 'X' } }, { message: 'm' }])
    expect(isApiError(other)).toBe(false);
});

test('fieldErrors gives the first message per field, and nothing for other values', () => {
  expect(fieldErrors(validationFailed)).toEqual({
    email: 'Invalid email address',
    'shippingAddress.city': 'Required',
  });
  expect(fieldErrors({ error: { code: 'UNAUTHORIZED', message: 'no', requestId: 'r' } })).toEqual({});
  expect(fieldErrors(new Error('boom'))).toEqual({});
});
