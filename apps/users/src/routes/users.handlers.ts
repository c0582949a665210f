import { openApiRouter, requireAuth } from '@greencommerce/http';
import { uploadSlots } from '@greencommerce/media';
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
  const { maxUploadBytes, uploadConcurrency, uploadQueueLimit, uploadsPerAccount } = deps.config;
  const slots = uploadSlots({
    concurrency: uploadConcurrency,
    queueLimit: uploadQueueLimit,
    perUploader: uploadsPerAccount,
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
      return c.json(await uploadImage(deps, userId, c.req.raw, slots), 201);
    });
}
