import { databaseOptions, openDatabase } from '@greencommerce/db';
import { loggerFromEnv, tokenVerifierFromEnv } from '@greencommerce/http';
import { storageFromEnv } from '@greencommerce/media';
import type { CatalogDeps } from './deps';
import type { CatalogEnv } from './env';

/** Builds the real dependencies from configuration; the embedded database is migrated on start. */
export async function depsFromEnv(env: CatalogEnv): Promise<CatalogDeps> {
  const db = await openDatabase(databaseOptions(env));
  const publicUrl = env.CATALOG_PUBLIC_URL.replace(/\/$/, '');
  return {
    db,
    logger: loggerFromEnv('catalog', env),
    verifyToken: tokenVerifierFromEnv(env),
    ...(await storageFromEnv(env, publicUrl)),
    config: {
      corsOrigins: env.CORS_ORIGINS,
      publicUrl,
      assetsDir: env.CATALOG_ASSETS_DIR,
      revalidateCacheMs: env.CATALOG_REVALIDATE_CACHE_MS,
      searchConcurrency: env.SEARCH_CONCURRENCY,
      searchQueueLimit: env.SEARCH_QUEUE_LIMIT,
      maxUploadBytes: env.UPLOAD_MAX_BYTES,
      maxPixels: env.UPLOAD_MAX_PIXELS,
      uploadTmpDir: env.UPLOAD_TMP_DIR,
      uploadConcurrency: env.UPLOAD_CONCURRENCY,
      uploadQueueLimit: env.UPLOAD_QUEUE_LIMIT,
      uploadsPerAccount: env.UPLOADS_PER_ACCOUNT,
    },
  };
}
