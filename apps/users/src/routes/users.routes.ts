import { UpdateUserRequest } from '@greencommerce/contracts';
import {
  AppError,
  type BaseEnv,
  concurrencyLimit,
  jsonBody,
  limitBody,
  requireAuth,
  requireJson,
} from '@greencommerce/http';
import { Hono } from 'hono';
import type { UsersDeps } from '../deps';
import { deleteAccount } from '../services/delete-user';
import { updateProfile } from '../services/update-user';
import { uploadImage } from '../services/upload-image';
import { getUserInfo } from '../services/user-info';

/** Room for multipart boundaries and the small fields next to the file. */
const MULTIPART_OVERHEAD = 64 * 1024;
const JSON_BODY_LIMIT = 16 * 1024;

async function readImage(form: FormData, principalId: number, maxBytes: number): Promise<Uint8Array> {
  const claimed = form.get('userId');
  // The token decides whose image this is; a different userId is an attempt on someone else's profile.
  if (claimed !== null && claimed !== String(principalId)) {
    throw new AppError('FORBIDDEN', 'userId does not match the signed-in user');
  }
  // The original form sends `image`; the later web client sends `file`.
  const file = form.get('image') ?? form.get('file');
  if (!(file instanceof File)) throw new AppError('BAD_REQUEST', 'Missing file: send it in the `image` field');
  if (file.size > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `Images are limited to ${maxBytes} bytes`);
  if (file.size === 0) throw new AppError('BAD_REQUEST', 'The file is empty');
  return new Uint8Array(await file.arrayBuffer());
}

export function usersRoutes(deps: UsersDeps) {
  const auth = requireAuth(deps.verifyToken);
  const { maxUploadBytes, uploadConcurrency, uploadQueueLimit } = deps.config;
  // Bodies are read only inside a slot, so buffered images take at most this many times the limit.
  const uploadSlot = concurrencyLimit({
    concurrency: uploadConcurrency,
    queueLimit: uploadQueueLimit,
    what: 'uploads',
  });
  return new Hono<BaseEnv>()
    .get('/user/info', auth, async (c) => c.json(await getUserInfo(deps, c.get('principal').userId)))
    .put('/user/update', auth, limitBody(JSON_BODY_LIMIT), requireJson(), jsonBody(UpdateUserRequest), async (c) =>
      c.json(await updateProfile(deps, c.get('principal').userId, c.req.valid('json'))),
    )
    .delete('/user', auth, async (c) => {
      await deleteAccount(deps, c.get('principal').userId);
      return c.json({ message: 'Account deleted' });
    })
    .post('/upload', auth, limitBody(maxUploadBytes + MULTIPART_OVERHEAD), async (c) => {
      if (c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() !== 'multipart/form-data') {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be multipart/form-data');
      }
      const userId = c.get('principal').userId;
      const result = await uploadSlot(async () => {
        const form = await c.req.raw.formData().catch((err) => {
          if (err instanceof AppError) throw err;
          throw new AppError('BAD_REQUEST', 'Malformed multipart body');
        });
        return uploadImage(deps, userId, await readImage(form, userId, maxUploadBytes));
      });
      return c.json(result, 201);
    });
}

/** Serves the embedded mode's stored images, with the type their bytes were checked to be. */
export function mediaRoutes(resolve: (key: string) => string | null) {
  return new Hono<BaseEnv>().get('/media/*', async (c) => {
    const file = resolve(decodeURIComponent(c.req.path.slice('/media/'.length)));
    if (!file || !(await Bun.file(file).exists())) throw new AppError('NOT_FOUND', 'No such image');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(await Bun.file(file).arrayBuffer(), 200, { 'Content-Type': Bun.file(file).type });
  });
}
