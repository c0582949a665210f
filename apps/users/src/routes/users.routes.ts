import {
  MessageResponse,
  NotificationSettings,
  UpdateUserRequest,
  UploadResponse,
  UserInfo,
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
  requireJson,
  unavailableErrors,
} from '@greencommerce/http';
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';

const JSON_BODY_LIMIT = 16 * 1024;
/** Room for multipart boundaries and the small fields next to the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

const gone = { 404: 'The user no longer exists' } as const;

/** The users API: each route's schemas validate its requests and are its documentation. */
export const userInfoRoute = (auth: MiddlewareHandler) =>
  createRoute({
    method: 'get',
    path: '/user/info',
    operationId: 'getUserInfo',
    summary: 'The signed-in user, in the original shape',
    security: bearerSecurity,
    middleware: [auth],
    responses: {
      200: jsonResponse(UserInfo, 'Profile'),
      ...errorResponses({ ...bearerErrors, ...gone, ...unavailableErrors }),
    },
  });

export const updateUserRoute = (auth: MiddlewareHandler) =>
  createRoute({
    method: 'put',
    path: '/user/update',
    operationId: 'updateUser',
    summary: 'Change profile fields (partial); passwords change at POST /auth/password',
    security: bearerSecurity,
    middleware: [auth, limitBody(JSON_BODY_LIMIT), requireJson()],
    request: jsonRequest(UpdateUserRequest),
    responses: {
      200: jsonResponse(UserInfo, 'Updated profile'),
      ...errorResponses({
        ...jsonBodyErrors,
        ...bearerErrors,
        ...gone,
        409: 'Email taken',
        429: 'Too many email changes; see Retry-After',
        ...unavailableErrors,
      }),
    },
  });

export const notificationSettingsRoute = (auth: MiddlewareHandler) =>
  createRoute({
    method: 'patch',
    path: '/user/notifications',
    operationId: 'setNotificationSettings',
    summary: 'Turn non-essential mail on or off (verification, reset and receipts are always sent)',
    security: bearerSecurity,
    middleware: [auth, limitBody(JSON_BODY_LIMIT), requireJson()],
    request: jsonRequest(NotificationSettings),
    responses: {
      200: jsonResponse(NotificationSettings, 'The settings now in force'),
      ...errorResponses({ ...jsonBodyErrors, ...bearerErrors, ...gone, ...unavailableErrors }),
    },
  });

export const deleteUserRoute = (auth: MiddlewareHandler) =>
  createRoute({
    method: 'delete',
    path: '/user',
    operationId: 'deleteUser',
    summary: 'Delete the account, its credentials and its images',
    security: bearerSecurity,
    middleware: [auth],
    responses: {
      200: jsonResponse(MessageResponse, 'Deleted'),
      ...errorResponses({ ...bodyCeilingErrors, ...bearerErrors, ...gone, ...unavailableErrors }),
    },
  });

/**
 * The multipart body is read by the handler as it streams, not by a zod validator (which would
 * buffer it), so its schema is plain JSON Schema: documented, never used to parse.
 */
const uploadForm = {
  type: 'object',
  properties: {
    image: { type: 'string', contentMediaType: 'application/octet-stream', description: 'JPEG, PNG or WebP' },
    file: {
      type: 'string',
      contentMediaType: 'application/octet-stream',
      description: 'the same, as later clients name it',
    },
    userId: { type: 'string', description: 'optional; must be the signed-in user' },
  },
} as const;

export const uploadRoute = (auth: MiddlewareHandler, maxUploadBytes: number) =>
  createRoute({
    method: 'post',
    path: '/upload',
    operationId: 'uploadProfileImage',
    summary: `Upload a profile image (JPEG, PNG or WebP by content, at most ${maxUploadBytes} bytes)`,
    security: bearerSecurity,
    middleware: [auth, limitBody(maxUploadBytes + MULTIPART_OVERHEAD)],
    request: { body: { required: true, content: { 'multipart/form-data': { schema: uploadForm } } } },
    responses: {
      201: jsonResponse(UploadResponse, 'Stored; the profile now shows it'),
      ...errorResponses({
        400: 'Missing, empty or damaged image, malformed multipart, or dimensions too large',
        ...bearerErrors,
        403: 'userId is not the signed-in user',
        ...gone,
        413: 'Image or body larger than the limit',
        415: 'Not multipart/form-data, or not a JPEG, PNG or WebP',
        429: 'Too many uploads in progress; see Retry-After',
        ...unavailableErrors,
      }),
    },
  });
