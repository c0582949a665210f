import { env } from '@/env';
import { imageSrc } from './image-src';

/** The storefront's own address for a service's image URL (see image-src.ts). */
export const storefrontImage = (url: string | null | undefined) =>
  imageSrc(url, { catalog: env.CATALOG_URL, users: env.USERS_URL });
