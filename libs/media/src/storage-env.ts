import { tmpdir } from 'node:os';
import path from 'node:path';
import { envBool, envInt, envWord, httpUrl } from '@greencommerce/contracts/env-fields';
import { z } from 'zod';
import { localStorage } from './storage/local-storage';
import type { ObjectStorage } from './storage/object-storage';

/** S3's bucket naming rules (lowercase, digits, dots, hyphens; 3 to 63 characters). */
const bucket = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name');

/**
 * The object storage variables of every app that stores images; spread into the app's env schema
 * and check it with `refineStorageEnv`. `mediaDir` is the embedded mode's default folder.
 */
export const storageEnv = (mediaDir: string) => ({
  /** Unset: images go to MEDIA_DIR (embedded mode). Set with S3_BUCKET: any S3-compatible server. */
  S3_ENDPOINT: httpUrl.optional(),
  S3_BUCKET: bucket.optional(),
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, 'must be a region name like us-east-1')
    .default('us-east-1'),
  S3_ACCESS_KEY_ID: envWord(256).optional(),
  S3_SECRET_ACCESS_KEY: envWord(1024).optional(),
  S3_FORCE_PATH_STYLE: envBool(true),
  S3_PUBLIC_BASE_URL: httpUrl.optional(),
  // S3 signs URLs for at most 7 days.
  S3_PRESIGN_SECONDS: envInt(900, 1, 7 * 86_400),
  MEDIA_DIR: z.string().default(mediaDir),
});

/** The upload limits of every app that takes images (withUploadedImage's options). */
export const uploadEnv = {
  UPLOAD_MAX_BYTES: envInt(5 * 1024 * 1024, 1, 1024 * 1024 * 1024),
  UPLOAD_MAX_PIXELS: envInt(40_000_000),
  UPLOAD_TMP_DIR: z.string().default(path.join(tmpdir(), 'greencommerce-uploads')),
  UPLOAD_CONCURRENCY: envInt(8, 1, 1024),
  UPLOAD_QUEUE_LIMIT: envInt(64, 1, 1_000_000),
  // One account's uploads in progress at once (see uploadSlots).
  UPLOADS_PER_ACCOUNT: envInt(2, 1, 1024),
};

export type StorageEnv = z.output<z.ZodObject<ReturnType<typeof storageEnv>>>;
export type UploadEnv = z.output<z.ZodObject<typeof uploadEnv>>;

/** The rules between storage fields: `.superRefine(refineStorageEnv)` on the app's env object. */
export function refineStorageEnv(
  e: Pick<StorageEnv, 'S3_ENDPOINT' | 'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'>,
  ctx: z.RefinementCtx,
) {
  if (e.S3_ENDPOINT && !e.S3_BUCKET) {
    ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required with S3_ENDPOINT' });
  }
  if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['S3_SECRET_ACCESS_KEY'],
      message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together',
    });
  }
}

/**
 * S3 when S3_BUCKET is set, else files under MEDIA_DIR served by the app at `${publicUrl}/media/`
 * (mediaDir is then returned for the app to mount mediaRoutes on it).
 */
export async function storageFromEnv(
  env: StorageEnv,
  publicUrl: string,
): Promise<{ storage: ObjectStorage; mediaDir?: string }> {
  if (env.S3_BUCKET) {
    // Loaded only here: the embedded mode's start would pay ~100 ms for an SDK it never uses.
    const { s3Storage } = await import('./storage/s3-storage');
    return {
      storage: s3Storage({
        bucket: env.S3_BUCKET,
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        credentials: env.S3_ACCESS_KEY_ID
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '' }
          : undefined,
        publicBaseUrl: env.S3_PUBLIC_BASE_URL,
        presignSeconds: env.S3_PRESIGN_SECONDS,
        timeoutMs: 3000,
      }),
    };
  }
  return { storage: localStorage(env.MEDIA_DIR, publicUrl), mediaDir: env.MEDIA_DIR };
}
