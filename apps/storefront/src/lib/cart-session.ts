import type { Cart } from '@greencommerce/client';
import { type Api, actionApi } from './api';
import { clearCartToken, readSession, storeCartToken } from './session';

type CartResult = {
  data?: Cart;
  error?: unknown;
  response: Response;
};

/**
 * Runs a cart call as the caller: the signed-in user's token, or the guest cart's X-Cart-Token (never
 * both: the cart service refuses that). For Server Actions only, as it may create a guest cart and set
 * its cookie. With `create`, a guest without a cart (or whose cart expired) gets a new one first.
 */
export async function asCartOwner(
  run: (client: Api, headers: Record<string, string>) => Promise<CartResult>,
  { create = false } = {},
): Promise<CartResult> {
  const session = await readSession();
  const client = await actionApi();
  if (session.claims) return run(client, {});

  let token = session.cartToken;
  if (token) {
    const result = await run(client, { 'X-Cart-Token': token });
    if (result.response.status !== 404 || !(await cartIsGone(client, token))) return result;
    await clearCartToken();
    if (!create) return result;
  } else if (!create) {
    return { error: undefined, response: new Response(null, { status: 404 }) };
  }
  token = await newGuestCart(client);
  return run(client, { 'X-Cart-Token': token });
}

/** A 404 means either the cart or the product is unknown: the cart itself says which. */
async function cartIsGone(client: Api, token: string): Promise<boolean> {
  const { response } = await client.cart.GET('/cart', { headers: { 'X-Cart-Token': token } });
  return response.status === 404;
}

async function newGuestCart(client: Api): Promise<string> {
  const { data, response } = await client.cart.POST('/cart');
  if (!data) throw new CartUnavailableError(response.status);
  await storeCartToken(data.token);
  return data.token;
}

export class CartUnavailableError extends Error {
  constructor(readonly status: number) {
    super(`cart service answered ${status} to a new guest cart`);
  }
}
