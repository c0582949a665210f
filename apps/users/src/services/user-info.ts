import type { UserInfo } from '@greencommerce/contracts';
import { findUserById, toProfile, type UserRow } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import type { UsersDeps } from '../deps';

/** The original /user/info shape; the image URL is one a browser can load right now. */
export async function toUserInfo(deps: Pick<UsersDeps, 'storage'>, row: UserRow): Promise<UserInfo> {
  const { id: _id, ...profile } = toProfile(row);
  const profileImage = row.profile_photo_key ? await deps.storage.browserUrl(row.profile_photo_key) : row.profile_photo;
  return { ...profile, profileImage };
}

export async function getUserInfo(deps: Pick<UsersDeps, 'db' | 'storage'>, userId: number): Promise<UserInfo> {
  const row = await findUserById(deps.db, userId);
  if (!row) throw new AppError('NOT_FOUND', 'User not found');
  return toUserInfo(deps, row);
}
