import { UpdateUserRequest } from '@greencommerce/contracts';
import { type BaseEnv, concurrencyLimit, jsonBody, limitBody, requireAuth, requireJson } from '@greencommerce/http';
import { Hono } from 'hono';
import type { UsersDeps } from '../deps';
import { deleteAccount } from '../services/delete-user';
import { updateProfile } from '../services/update-user';
import { uploadImage } from '../services/upload-image';
import { getUserInfo } from '../services/user-info';

/** Room for multipart boundaries and the small fields next to the file. */
const MULTIPART_OVERHEAD = 64 * 1024;
const JSON_BODY_LIMIT = 16 * 1024;

export function usersRoutes(deps: UsersDeps) {
  const auth = requireAuth(deps.verifyToken);
  const { maxUploadBytes, uploadConcurrency, uploadQueueLimit } = deps.config;
  // Bodies are read and images decoded only inside a slot: the CPU and disk they take stay bounded.
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
      const userId = c.get('principal').userId;
      return c.json(await uploadSlot(() => uploadImage(deps, userId, c.req.raw)), 201);
    });
}
