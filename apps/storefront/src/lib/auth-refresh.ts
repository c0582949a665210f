import { createClient } from '@greencommerce/client';
import { env } from '@/env';
import { type Refresher, refreshOnce } from './refresh-once';

const KEY = Symbol.for('greencommerce.storefront.refresher');
type Holder = { [KEY]?: Refresher };

/**
 * The process's one refresher. Next bundles the proxy apart from the pages and actions, each with its own
 * copy of this module, so it lives on globalThis: every part of one server shares the grace window.
 */
export function sharedRefresher(): Refresher {
  const holder = globalThis as Holder;
  holder[KEY] ??= refreshOnce(async (refreshToken) => {
    const auth = createClient({ urls: { auth: env.AUTH_URL } }).auth;
    const { data, response } = await auth.POST('/auth/refresh', { body: { refreshToken } });
    if (data) return data;
    if (response.status === 400 || response.status === 401) return null;
    throw new Error(`auth /auth/refresh answered ${response.status}`);
  });
  return holder[KEY];
}
