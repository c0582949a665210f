import type { Cart, Category, Product, ResponseJson, UsersApi } from '@greencommerce/client';
import { unstable_rethrow } from 'next/navigation';
import { cache } from 'react';
import { api } from './api';
import { readSession } from './session';

export type { Cart, Category, Product };
export type UserInfo = ResponseJson<UsersApi.operations['getUserInfo']>;

// Reads several parts of a page need (the header and the page itself), fetched once per request.

export const getCategories = cache(async (): Promise<Category[]> => {
  const { data } = await (await api()).catalog.GET('/categories');
  return data ?? [];
});

/** The signed-in user's profile, or null for a guest. */
export const getCurrentUser = cache(async (): Promise<UserInfo | null> => {
  const session = await readSession();
  if (!session.claims) return null;
  const { data } = await (await api()).users.GET('/user/info');
  return data ?? null;
});

/**
 * For a part of a page that can do without its data (the header's cart count): null when the service
 * failed, while Next's own control flow (a redirect to renew the session) still goes through.
 */
export function orNull(err: unknown): null {
  unstable_rethrow(err);
  return null;
}

/** The caller's cart: the user's when signed in, the guest cart of the cookie otherwise, else none. */
export const getCart = cache(async (): Promise<Cart | null> => {
  const session = await readSession();
  const client = await api();
  if (session.claims) {
    const { data } = await client.cart.GET('/cart');
    return data ?? null;
  }
  if (!session.cartToken) return null;
  const { data } = await client.cart.GET('/cart', { headers: { 'X-Cart-Token': session.cartToken } });
  return data ?? null;
});
