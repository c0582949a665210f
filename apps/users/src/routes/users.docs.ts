import { MessageResponse, type RouteDoc, UpdateUserRequest, UploadResponse, UserInfo } from '@greencommerce/contracts';

const unauthorized = { description: 'Missing, invalid or expired token' };
const gone = { description: 'The user no longer exists' };

export const usersDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/user/info',
    summary: 'The signed-in user',
    auth: true,
    responses: { 200: { description: 'Profile', schema: UserInfo }, 401: unauthorized, 404: gone },
  },
  {
    method: 'put',
    path: '/user/update',
    summary: 'Change profile fields (partial); passwords change at POST /auth/password',
    auth: true,
    json: UpdateUserRequest,
    responses: {
      200: { description: 'Updated profile', schema: UserInfo },
      400: { description: 'Invalid fields' },
      401: unauthorized,
      404: gone,
      409: { description: 'Email taken' },
    },
  },
  {
    method: 'delete',
    path: '/user',
    summary: 'Delete the account, its credentials and its images',
    auth: true,
    responses: {
      200: { description: 'Deleted', schema: MessageResponse },
      401: unauthorized,
      404: gone,
      503: { description: 'Object storage down' },
    },
  },
  {
    method: 'post',
    path: '/upload',
    summary: 'Upload a profile image (JPEG, PNG or WebP)',
    auth: true,
    multipart: {
      image: 'the image file (`file` is accepted too)',
      userId: 'optional; must be the signed-in user',
    },
    responses: {
      201: { description: 'Stored', schema: UploadResponse },
      400: { description: 'Missing, damaged or oversized-dimension image' },
      401: unauthorized,
      403: { description: 'userId is not the signed-in user' },
      413: { description: 'Image too large' },
      415: { description: 'Not a JPEG, PNG or WebP' },
      503: { description: 'Object storage or database down' },
    },
  },
];
