import { findOrder, type OrderRow } from '@greencommerce/db';
import type { Principal } from '@greencommerce/http';
import { AppError } from '@greencommerce/http';
import type { Executor } from './executor';

export const orderNotFound = () => new AppError('NOT_FOUND', 'Order not found');

export const isAdmin = (p: Principal) => p.roles.includes('admin');

/**
 * The order if the caller may see it: its owner or an admin. Anyone else gets the same 404 as for
 * an order that does not exist, so order ids cannot be probed.
 */
export async function visibleOrder(db: Executor, principal: Principal, id: string): Promise<OrderRow> {
  const order = await findOrder(db, id);
  if (!order || (order.user_id !== principal.userId && !isAdmin(principal))) throw orderNotFound();
  return order;
}
