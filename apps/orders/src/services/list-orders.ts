import { DEFAULT_ORDER_PAGE_SIZE, type OrderStatus, type OrderView } from '@greencommerce/contracts';
import { type Db, findOrderLines, listOrders } from '@greencommerce/db';
import { orderView } from './order-view';

export type OrderListing = { orders: OrderView[]; nextCursor?: string };

/** A page of orders, newest first; the cursor is the last order's id (ids are time-ordered). */
export async function listOrderPage(
  db: Db,
  filters: { userId?: number; status?: OrderStatus; from?: string; to?: string; limit?: string; cursor?: string },
): Promise<OrderListing> {
  const limit = filters.limit === undefined ? DEFAULT_ORDER_PAGE_SIZE : Number(filters.limit);
  const rows = await listOrders(db, {
    userId: filters.userId,
    status: filters.status,
    from: filters.from === undefined ? undefined : new Date(filters.from),
    to: filters.to === undefined ? undefined : new Date(filters.to),
    before: filters.cursor,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const lines = await findOrderLines(
    db,
    page.map((o) => o.id),
  );
  const byOrder = new Map<string, typeof lines>();
  for (const l of lines) byOrder.set(l.order_id, [...(byOrder.get(l.order_id) ?? []), l]);
  return {
    orders: page.map((o) => orderView(o, byOrder.get(o.id) ?? [])),
    ...(rows.length > limit && page.length > 0 && { nextCursor: page[page.length - 1]?.id }),
  };
}
