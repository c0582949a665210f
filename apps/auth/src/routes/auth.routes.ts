import {
  ChangePasswordRequest,
  Jwks,
  LoginRequest,
  MessageResponse,
  PublicUser,
  RefreshRequest,
  RegisterRequest,
  TokenResponse,
} from '@greencommerce/contracts';
import {
  bearerErrors,
  bearerSecurity,
  errorResponses,
  jsonBodyErrors,
  jsonRequest,
  jsonResponse,
  limitBody,
  publicSecurity,
  requireAuth,
  requireJson,
  type TokenVerifier,
  unavailableErrors,
} from '@greencommerce/http';
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';

/** Auth bodies are small; anything larger is refused before it is read. */
const AUTH_BODY_LIMIT = 16 * 1024;

const jsonGuards: MiddlewareHandler[] = [limitBody(AUTH_BODY_LIMIT), requireJson()];
const busy = { 429: 'Too many requests (or password hashes queued); see Retry-After' } as const;

/** The auth API: each route's schemas validate its requests and are its documentation. */
export const registerRoute = createRoute({
  method: 'post',
  path: '/auth/register',
  operationId: 'register',
  summary: 'Create an account',
  security: publicSecurity,
  middleware: jsonGuards,
  request: jsonRequest(RegisterRequest),
  responses: {
    201: jsonResponse(PublicUser, 'Created'),
    ...errorResponses({ ...jsonBodyErrors, 409: 'Email taken', ...busy, ...unavailableErrors }),
  },
});

export const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  operationId: 'login',
  summary: 'Exchange email and password for tokens',
  security: publicSecurity,
  middleware: jsonGuards,
  request: jsonRequest(LoginRequest),
  responses: {
    200: jsonResponse(TokenResponse, 'Signed in'),
    ...errorResponses({ ...jsonBodyErrors, 401: 'Invalid credentials', ...busy, ...unavailableErrors }),
  },
});

export const refreshRoute = createRoute({
  method: 'post',
  path: '/auth/refresh',
  operationId: 'refresh',
  summary: 'Rotate a refresh token (single use; reusing a spent one revokes its family)',
  security: publicSecurity,
  middleware: jsonGuards,
  request: jsonRequest(RefreshRequest),
  responses: {
    200: jsonResponse(TokenResponse, 'New tokens'),
    ...errorResponses({ ...jsonBodyErrors, 401: 'Invalid, spent or revoked refresh token', ...unavailableErrors }),
  },
});

export const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  operationId: 'logout',
  summary: 'Revoke the session of a refresh token',
  security: publicSecurity,
  middleware: jsonGuards,
  request: jsonRequest(RefreshRequest),
  responses: {
    200: jsonResponse(MessageResponse, 'Logged out'),
    ...errorResponses({ ...jsonBodyErrors, ...unavailableErrors }),
  },
});

export const changePasswordRoute = (verifyToken: TokenVerifier) =>
  createRoute({
    method: 'post',
    path: '/auth/password',
    operationId: 'changePassword',
    summary: 'Change the password (revokes every refresh token)',
    security: bearerSecurity,
    middleware: [requireAuth(verifyToken), ...jsonGuards],
    request: jsonRequest(ChangePasswordRequest),
    responses: {
      200: jsonResponse(MessageResponse, 'Changed'),
      ...errorResponses({
        ...jsonBodyErrors,
        ...bearerErrors,
        403: 'Current password is incorrect',
        404: 'The user no longer exists',
        ...busy,
        ...unavailableErrors,
      }),
    },
  });

export const jwksRoute = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  operationId: 'getJwks',
  summary: 'Public keys that verify access tokens',
  security: publicSecurity,
  responses: { 200: jsonResponse(Jwks, 'JWKS (RFC 7517); cache for 5 minutes') },
});
