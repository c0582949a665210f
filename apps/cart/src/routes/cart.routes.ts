import {
  AddCartItemRequest,
  CartView,
  GuestCartCreated,
  MergeResult,
  ProductIdParam,
  SetCartItemRequest,
} from '@greencommerce/contracts';
import {
  BEARER_AUTH,
  bearerErrors,
  bodyCeilingErrors,
  errorResponses,
  jsonBodyErrors,
  jsonRequest,
  jsonResponse,
  limitBody,
  publicSecurity,
  requireJson,
  unavailableErrors,
} from '@greencommerce/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';

const JSON_BODY_LIMIT = 4 * 1024;

/** The security scheme of a guest cart's token. */
export const CART_TOKEN = 'cartToken';
/** Either a signed-in user's bearer token, or a guest cart's X-Cart-Token. */
const userOrGuest: Record<string, string[]>[] = [{ [BEARER_AUTH]: [] }, { [CART_TOKEN]: [] }];

const callerErrors = {
  400: 'Both a bearer token and X-Cart-Token were sent (send one), or the request is invalid (`details`)',
  401: 'Neither a bearer token nor X-Cart-Token, or an invalid or expired bearer token',
  404: 'No such cart: an unknown, expired or merged X-Cart-Token',
} as const;

const productParam = { params: z.object({ productId: ProductIdParam }) };

export const getCartRoute = (caller: MiddlewareHandler) =>
  createRoute({
    method: 'get',
    path: '/cart',
    operationId: 'getCart',
    summary: "The caller's cart at current prices (a signed-in user's is made on first use)",
    security: userOrGuest,
    middleware: [caller],
    responses: {
      200: jsonResponse(CartView, 'The cart'),
      ...errorResponses({ ...callerErrors, ...unavailableErrors }),
    },
  });

export const createGuestCartRoute = createRoute({
  method: 'post',
  path: '/cart',
  operationId: 'createGuestCart',
  summary: 'A new guest cart and its token (send it as X-Cart-Token); credentials are not read',
  security: publicSecurity,
  responses: {
    201: jsonResponse(GuestCartCreated, 'Created; the token is shown only this once'),
    ...errorResponses({
      ...bodyCeilingErrors,
      429: 'Too many new carts from this client in the window; see Retry-After',
      ...unavailableErrors,
    }),
  },
});

export const addItemRoute = (caller: MiddlewareHandler) =>
  createRoute({
    method: 'post',
    path: '/cart/items',
    operationId: 'addCartItem',
    summary: 'Add units of a product (a line already in the cart grows)',
    security: userOrGuest,
    middleware: [caller, limitBody(JSON_BODY_LIMIT), requireJson()],
    request: jsonRequest(AddCartItemRequest),
    responses: {
      200: jsonResponse(CartView, 'The cart after the add'),
      ...errorResponses({
        ...jsonBodyErrors,
        ...callerErrors,
        404: 'No such cart (unknown, expired or merged X-Cart-Token), or the product is unknown or archived',
        409: 'More than the stock or 99 per line (the message and `details` name the quantity available), 100 lines already, or another currency',
        ...unavailableErrors,
      }),
    },
  });

export const setItemRoute = (caller: MiddlewareHandler) =>
  createRoute({
    method: 'patch',
    path: '/cart/items/{productId}',
    operationId: 'setCartItemQuantity',
    summary: "Set a line's quantity (0 removes it)",
    security: userOrGuest,
    middleware: [caller, limitBody(JSON_BODY_LIMIT), requireJson()],
    request: { ...productParam, ...jsonRequest(SetCartItemRequest) },
    responses: {
      200: jsonResponse(CartView, 'The cart after the change'),
      ...errorResponses({
        ...jsonBodyErrors,
        ...callerErrors,
        404: 'No such cart (unknown, expired or merged X-Cart-Token), or the product is not in it',
        409: 'More than the stock (the message and `details` name the quantity available)',
        ...unavailableErrors,
      }),
    },
  });

export const removeItemRoute = (caller: MiddlewareHandler) =>
  createRoute({
    method: 'delete',
    path: '/cart/items/{productId}',
    operationId: 'removeCartItem',
    summary: 'Remove a line (a line that is not there is not an error)',
    security: userOrGuest,
    middleware: [caller],
    request: productParam,
    responses: {
      200: jsonResponse(CartView, 'The cart after the removal'),
      ...errorResponses({ ...callerErrors, ...bodyCeilingErrors, ...unavailableErrors }),
    },
  });

export const emptyCartRoute = (caller: MiddlewareHandler) =>
  createRoute({
    method: 'delete',
    path: '/cart',
    operationId: 'emptyCart',
    summary: 'Remove every line',
    security: userOrGuest,
    middleware: [caller],
    responses: {
      200: jsonResponse(CartView, 'The empty cart'),
      ...errorResponses({ ...callerErrors, ...bodyCeilingErrors, ...unavailableErrors }),
    },
  });

export const mergeRoute = (caller: MiddlewareHandler) =>
  createRoute({
    method: 'post',
    path: '/cart/merge',
    operationId: 'mergeGuestCart',
    summary: "Move the X-Cart-Token guest cart into the signed-in user's cart (at login); a repeat changes nothing",
    description:
      'One transaction: a product in both carts gets the sum, capped at the stock and at 99 (never below what either cart held); the guest cart is closed and its token then answers 404 everywhere but here. `capped` lists what did not get the full sum.',
    security: [{ [BEARER_AUTH]: [], [CART_TOKEN]: [] }],
    middleware: [caller],
    responses: {
      200: jsonResponse(MergeResult, "The user's cart and what was capped"),
      ...errorResponses({
        400: 'X-Cart-Token is missing',
        ...bearerErrors,
        404: "No such guest cart: unknown, expired, or merged into another user's cart",
        ...bodyCeilingErrors,
        ...unavailableErrors,
      }),
    },
  });
