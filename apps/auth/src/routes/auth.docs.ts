import {
  ChangePasswordRequest,
  LoginRequest,
  MessageResponse,
  PublicUser,
  RefreshRequest,
  RegisterRequest,
  type RouteDoc,
  TokenResponse,
} from '@greencommerce/contracts';

const bad = { description: 'Malformed or invalid body' };
const tooLarge = { description: 'Body too large' };
const wrongType = { description: 'Content-Type is not application/json' };

export const authDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/auth/register',
    summary: 'Create an account',
    json: RegisterRequest,
    responses: {
      201: { description: 'Created', schema: PublicUser },
      400: bad,
      409: { description: 'Email taken' },
      413: tooLarge,
      415: wrongType,
    },
  },
  {
    method: 'post',
    path: '/auth/login',
    summary: 'Exchange email and password for tokens',
    json: LoginRequest,
    responses: {
      200: { description: 'Signed in', schema: TokenResponse },
      400: bad,
      401: { description: 'Invalid credentials' },
      429: { description: 'Rate limited; see Retry-After' },
    },
  },
  {
    method: 'post',
    path: '/auth/refresh',
    summary: 'Rotate a refresh token',
    json: RefreshRequest,
    responses: {
      200: { description: 'New tokens', schema: TokenResponse },
      400: bad,
      401: { description: 'Invalid, spent or revoked' },
    },
  },
  {
    method: 'post',
    path: '/auth/logout',
    summary: 'Revoke the session of a refresh token',
    json: RefreshRequest,
    responses: { 200: { description: 'Logged out', schema: MessageResponse }, 400: bad },
  },
  {
    method: 'post',
    path: '/auth/password',
    summary: 'Change the password (revokes refresh tokens)',
    auth: true,
    json: ChangePasswordRequest,
    responses: {
      200: { description: 'Changed', schema: MessageResponse },
      400: bad,
      401: { description: 'Missing or invalid token' },
      403: { description: 'Current password is incorrect' },
    },
  },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: 'Public keys that verify access tokens',
    responses: { 200: { description: 'JWKS' } },
  },
];
