import { findOrderLines } from '@greencommerce/db';
import { limitBody, openApiRouter, requireAuth, requireJson, requireRole } from '@greencommerce/http';
import type { OrdersDeps } from '../deps';
import { cancelOrderPayment } from '../services/cancel-payment';
import { checkout } from '../services/checkout';
import { listOrderPage } from '../services/list-orders';
import { visibleOrder } from '../services/order-access';
import { orderView } from '../services/order-view';
import { cancelOrder, fulfilOrder } from '../services/transitions';
import {
  adminListOrdersRoute,
  cancelOrderRoute,
  checkoutRoute,
  fulfilOrderRoute,
  getOrderRoute,
  listMyOrdersRoute,
} from './orders.routes';
import { requireIdempotencyKey } from './require-idempotency-key';

const JSON_BODY_LIMIT = 8 * 1024;

/** The next page's address: this request's own query with the new cursor (RFC 8288, relative). */
function nextLink(url: string, cursor: string) {
  const { pathname, searchParams } = new URL(url);
  searchParams.set('cursor', cursor);
  return `<${pathname}?${searchParams}>; rel="next"`;
}

/** Wires each documented route to its service; the chain keeps every route's types for `hc`. */
export function orderRoutes(deps: OrdersDeps) {
  const auth = requireAuth(deps.verifyToken);
  const adminOnly = [auth, requireRole('admin')];
  return openApiRouter()
    .openapi(
      checkoutRoute([auth, limitBody(JSON_BODY_LIMIT), requireJson(), requireIdempotencyKey('checkout')]),
      async (c) => {
        const key = c.req.valid('header')['idempotency-key'] as string;
        return c.json(await checkout(deps, c.var.principal, key, c.req.valid('json')), 201);
      },
    )
    .openapi(listMyOrdersRoute([auth]), async (c) => {
      const listing = await listOrderPage(deps.db, { ...c.req.valid('query'), userId: c.var.principal.userId });
      if (listing.nextCursor) c.header('Link', nextLink(c.req.url, listing.nextCursor));
      return c.json(listing.orders, 200);
    })
    .openapi(getOrderRoute([auth]), async (c) => {
      const order = await visibleOrder(deps.db, c.var.principal, c.req.valid('param').id);
      return c.json(orderView(order, await findOrderLines(deps.db, [order.id])), 200);
    })
    .openapi(cancelOrderRoute([auth]), async (c) => {
      const principal = c.var.principal;
      const order = await visibleOrder(deps.db, principal, c.req.valid('param').id);
      const by = order.user_id === principal.userId ? 'customer' : 'admin';
      const cancelled = await cancelOrder(deps.db, order.id, by);
      await cancelOrderPayment(deps, cancelled);
      return c.json(orderView(cancelled, await findOrderLines(deps.db, [order.id])), 200);
    })
    .openapi(fulfilOrderRoute(adminOnly), async (c) => {
      const fulfilled = await fulfilOrder(deps.db, c.req.valid('param').id);
      return c.json(orderView(fulfilled, await findOrderLines(deps.db, [fulfilled.id])), 200);
    })
    .openapi(adminListOrdersRoute(adminOnly), async (c) => {
      const { userId, ...query } = c.req.valid('query');
      const listing = await listOrderPage(deps.db, {
        ...query,
        ...(userId !== undefined && { userId: Number(userId) }),
      });
      if (listing.nextCursor) c.header('Link', nextLink(c.req.url, listing.nextCursor));
      return c.json(listing.orders, 200);
    });
}
