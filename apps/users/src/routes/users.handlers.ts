import { concurrencyLimit, openApiRouter, requireAuth } from '@greencommerce/http';
import type { UsersDeps } from '../deps';
import { deleteAccount } from '../services/delete-user';
import { setNotificationSettings } from '../services/notification-settings';
import { updateProfile } from '../services/update-user';
import { uploadImage } from '../services/upload-image';
import { getUserInfo } from '../services/user-info';
import {
  deleteUserRoute,
  notificationSettingsRoute,
  updateUserRoute,
  uploadRoute,
  userInfoRoute,
} from './users.routes';

/** Wires each documented route to its service; the chain keeps every route's types for `hc`. */
export function usersRoutes(deps: UsersDeps) {
  const auth = requireAuth(deps.verifyToken);
  const { maxUploadBytes, uploadConcurrency, uploadQueueLimit } = deps.config;
  // Bodies are read and images decoded only inside a slot: the CPU and disk they take stay bounded.
  const uploadSlot = concurrencyLimit({
    concurrency: uploadConcurrency,
    queueLimit: uploadQueueLimit,
    what: 'uploads',
  });
  return openApiRouter()
    .openapi(userInfoRoute(auth), async (c) => c.json(await getUserInfo(deps, c.get('principal').userId), 200))
    .openapi(updateUserRoute(auth), async (c) =>
      c.json(await updateProfile(deps, c.get('principal').userId, c.req.valid('json')), 200),
    )
    .openapi(notificationSettingsRoute(auth), async (c) =>
      c.json(await setNotificationSettings(deps, c.get('principal').userId, c.req.valid('json')), 200),
    )
    .openapi(deleteUserRoute(auth), async (c) => {
      await deleteAccount(deps, c.get('principal').userId);
      return c.json({ message: 'Account deleted' }, 200);
    })
    .openapi(uploadRoute(auth, maxUploadBytes), async (c) => {
      const userId = c.get('principal').userId;
      return c.json(await uploadSlot(() => uploadImage(deps, userId, c.req.raw)), 201);
    });
}
