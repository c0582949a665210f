import {
  ChangePasswordRequest,
  Jwks,
  LoginRequest,
  MessageResponse,
  PasswordResetConfirmRequest,
  PasswordResetRequest,
  PublicUser,
  RefreshRequest,
  RegisterRequest,
  TokenResponse,
  VerifyEmailRequest,
} from '@greencommerce/contracts';
import {
  bearerErrors,
  bearerSecurity,
  bodyCeilingErrors,
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

const badLink = { 400: 'Invalid request, or a link that is unknown, spent, superseded or expired' } as const;

export const verifyEmailRoute = createRoute({
  method: 'post',
  path: '/auth/verify-email',
  operationId: 'verifyEmail',
  summary: 'Mark the address verified with the token of its link (single use, 24 hours)',
  security: publicSecurity,
  middleware: jsonGuards,
  request: jsonRequest(VerifyEmailRequest),
  responses: {
    200: jsonResponse(MessageResponse, 'Verified; access tokens say so from the next login or refresh'),
    ...errorResponses({ ...jsonBodyErrors, ...badLink, ...unavailableErrors }),
  },
});

export const resendVerificationRoute = (verifyToken: TokenVerifier) =>
  createRoute({
    method: 'post',
    path: '/auth/verify-email/resend',
    operationId: 'resendVerificationEmail',
    summary: 'Mail a new verification link to the current address (earlier links stop working)',
    security: bearerSecurity,
    middleware: [requireAuth(verifyToken)],
    responses: {
      202: jsonResponse(MessageResponse, 'A link is on its way'),
      ...errorResponses({
        ...bodyCeilingErrors,
        ...bearerErrors,
        404: 'The user no longer exists',
        409: 'The address is already verified',
        429: 'Too many verification emails; see Retry-After',
        ...unavailableErrors,
      }),
    },
  });

export const passwordResetRoute = createRoute({
  method: 'post',
  path: '/auth/password-reset',
  operationId: 'requestPasswordReset',
  summary: 'Mail a password-reset link (30 minutes) if the address has an account; the answer is the same either way',
  security: publicSecurity,
  middleware: jsonGuards,
  request: jsonRequest(PasswordResetRequest),
  responses: {
    202: jsonResponse(MessageResponse, 'Accepted, whether or not the address has an account'),
    ...errorResponses({
      ...jsonBodyErrors,
      429: 'Too many reset requests from this client or for this address; see Retry-After',
      ...unavailableErrors,
    }),
  },
});

export const passwordResetConfirmRoute = createRoute({
  method: 'post',
  path: '/auth/password-reset/confirm',
  operationId: 'confirmPasswordReset',
  summary: 'Set a new password with a reset link (single use); signs out every session',
  security: publicSecurity,
  middleware: jsonGuards,
  request: jsonRequest(PasswordResetConfirmRequest),
  responses: {
    200: jsonResponse(MessageResponse, 'Changed; sign in with the new password'),
    ...errorResponses({ ...jsonBodyErrors, ...badLink, ...busy, ...unavailableErrors }),
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
