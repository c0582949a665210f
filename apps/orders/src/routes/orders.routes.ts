import {
  AdminOrderListQuery,
  CheckoutConflictBody,
  CheckoutRequest,
  CheckoutResponse,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  OrderId,
  OrderListQuery,
  OrderView,
} from '@greencommerce/contracts';
import {
  bearerErrors,
  bearerSecurity,
  bodyCeilingErrors,
  errorResponses,
  jsonBodyErrors,
  jsonRequest,
  jsonResponse,
  roleErrors,
  unavailableErrors,
} from '@greencommerce/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';

const admin = roleErrors('admin');
const orderParam = { params: z.object({ id: OrderId }) };
const badParam = { 400: 'The order id is not a UUID' } as const;
const notFound = { 404: 'No such order, or not yours' } as const;
const str = { schema: { type: 'string' as const } };
const linkHeader = { Link: { description: 'RFC 8288 `<…>; rel="next"` when another page follows', ...str } };
const OrderList = z.array(OrderView);

export const checkoutRoute = (middleware: MiddlewareHandler[]) =>
  createRoute({
    method: 'post',
    path: '/checkout',
    operationId: 'checkout',
    summary: "Turn the caller's cart into an order and start its payment (once per Idempotency-Key)",
    description:
      'One transaction re-prices every cart line from the catalog, reserves its stock (all lines or none), writes the order and closes the cart; then the chosen provider starts the payment. The same key with the same body answers the same response (no second order or payment); keys are per user and kept 24 h. A failed checkout (409) stores nothing: the key may be retried.',
    security: bearerSecurity,
    middleware,
    request: {
      headers: z.object({
        [IDEMPOTENCY_KEY_HEADER.toLowerCase()]: IdempotencyKey.meta({
          description: 'A client-chosen key (a UUID) naming this checkout; required',
        }),
      }),
      ...jsonRequest(CheckoutRequest),
    },
    responses: {
      201: jsonResponse(CheckoutResponse, 'The order (pending_payment) and what the client needs to pay'),
      ...errorResponses({
        ...jsonBodyErrors,
        400: 'No Idempotency-Key, malformed JSON, fields that break the schema, or a provider not offered',
        ...bearerErrors,
        401: 'No valid bearer token, or its account no longer exists (deleted: nothing is placed)',
        402: 'The provider refused to start the payment (PAYMENT_PROVIDER_REFUSED; the message names the provider and its reason): the order is placed and expires unpaid; retrying will not help',
        403: 'ORDER_REQUIRE_VERIFIED_EMAIL is on and the token does not say the email is verified',
        422: 'The Idempotency-Key was used before with a different request',
        503: 'A dependency is down (database, or the payment provider, named: the order is placed, retry with the same key)',
      }),
      409: jsonResponse(
        CheckoutConflictBody,
        'The cart is empty, some lines are short of stock (`details` names each product and what is available), or the order this key placed was cancelled or expired before its payment could go on (`closedOrder` says which order and whether its payment never started, was cancelled, or will be refunded)',
      ),
    },
  });

export const listMyOrdersRoute = (middleware: MiddlewareHandler[]) =>
  createRoute({
    method: 'get',
    path: '/orders',
    operationId: 'listMyOrders',
    summary: "The caller's orders, newest first (the next page in Link)",
    security: bearerSecurity,
    middleware,
    request: { query: OrderListQuery },
    responses: {
      200: { ...jsonResponse(OrderList, 'A page of orders, `[]` when none'), headers: linkHeader },
      ...errorResponses({ 400: 'Invalid query parameters', ...bearerErrors, ...unavailableErrors }),
    },
  });

export const getOrderRoute = (middleware: MiddlewareHandler[]) =>
  createRoute({
    method: 'get',
    path: '/orders/{id}',
    operationId: 'getOrder',
    summary: "One order: the caller's own, or any for an admin",
    security: bearerSecurity,
    middleware,
    request: orderParam,
    responses: {
      200: jsonResponse(OrderView, 'The order'),
      ...errorResponses({ ...badParam, ...bearerErrors, ...notFound, ...unavailableErrors }),
    },
  });

export const cancelOrderRoute = (middleware: MiddlewareHandler[]) =>
  createRoute({
    method: 'post',
    path: '/orders/{id}/cancel',
    operationId: 'cancelOrder',
    summary: 'Cancel an order awaiting payment (its owner or an admin); its stock goes back',
    security: bearerSecurity,
    middleware,
    request: orderParam,
    responses: {
      200: jsonResponse(OrderView, 'The cancelled order'),
      ...errorResponses({
        ...badParam,
        ...bearerErrors,
        ...notFound,
        409: 'The order is no longer awaiting payment (paid, cancelled, expired, ...)',
        ...bodyCeilingErrors,
        ...unavailableErrors,
      }),
    },
  });

export const fulfilOrderRoute = (middleware: MiddlewareHandler[]) =>
  createRoute({
    method: 'post',
    path: '/orders/{id}/fulfil',
    operationId: 'fulfilOrder',
    summary: 'Mark a paid (or partly refunded) order fulfilled (admin)',
    security: bearerSecurity,
    middleware,
    request: orderParam,
    responses: {
      200: jsonResponse(OrderView, 'The fulfilled order'),
      ...errorResponses({
        ...badParam,
        ...bearerErrors,
        ...admin,
        404: 'No such order',
        409: 'The order is not paid (or already fulfilled, refunded, ...)',
        ...bodyCeilingErrors,
        ...unavailableErrors,
      }),
    },
  });

export const adminListOrdersRoute = (middleware: MiddlewareHandler[]) =>
  createRoute({
    method: 'get',
    path: '/admin/orders',
    operationId: 'adminListOrders',
    summary: 'Every order, newest first, by status, placing date and user (admin; the next page in Link)',
    security: bearerSecurity,
    middleware,
    request: { query: AdminOrderListQuery },
    responses: {
      200: { ...jsonResponse(OrderList, 'A page of orders, `[]` when none match'), headers: linkHeader },
      ...errorResponses({ 400: 'Invalid query parameters', ...bearerErrors, ...admin, ...unavailableErrors }),
    },
  });
