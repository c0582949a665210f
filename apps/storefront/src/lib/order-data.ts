import type { Order, OrderAddress } from '@greencommerce/client';
import { cache } from 'react';
import { api } from './api';
import { nextCursor } from './listing-query';
import { failPage } from './page-failure';

export type OrderPage = { orders: Order[]; next?: string };

export const ORDERS_PAGE_SIZE = 10;

/** One order: the caller's own, or any for an admin (the service decides). */
export const getOrder = cache(async (id: string): Promise<Order> => {
  const { data, response } = await (await api()).orders.GET('/orders/{id}', { params: { path: { id } } });
  if (!data) failPage('GET /orders/{id}', response.status);
  return data;
});

/** A page of the signed-in user's orders, newest first. */
export async function listMyOrders(cursor: string | undefined): Promise<OrderPage> {
  const { data, response } = await (await api()).orders.GET('/orders', {
    params: { query: { limit: String(ORDERS_PAGE_SIZE), ...(cursor && { cursor }) } },
  });
  if (!data) failPage('GET /orders', response.status);
  return { orders: data, next: nextCursor(response.headers.get('link')) };
}

/** Where the user's latest order went, to start the next checkout from; null when none (or unreadable). */
export async function lastShippingAddress(): Promise<OrderAddress | null> {
  const { data } = await (await api()).orders.GET('/orders', { params: { query: { limit: '1' } } });
  return data?.[0]?.shippingAddress ?? null;
}

export type AdminOrderFilter = { status?: Order['status']; cursor?: string };

/** A page of every order, for the admin section (the service checks the role). */
export async function listAllOrders(filter: AdminOrderFilter): Promise<OrderPage> {
  const { data, response } = await (await api()).orders.GET('/admin/orders', {
    params: {
      query: {
        limit: String(ORDERS_PAGE_SIZE * 2),
        ...(filter.status && { status: filter.status }),
        ...(filter.cursor && { cursor: filter.cursor }),
      },
    },
  });
  if (!data) failPage('GET /admin/orders', response.status);
  return { orders: data, next: nextCursor(response.headers.get('link')) };
}
