import { databaseOptions, openDatabase } from '@greencommerce/db';
import { loggerFromEnv, tokenVerifierFromEnv } from '@greencommerce/http';
import { storageFromEnv } from '@greencommerce/media';
import type { UsersDeps } from './deps';
import type { UsersEnv } from './env';

/** Builds the real dependencies from configuration; the embedded database is migrated on start. */
export async function depsFromEnv(env: UsersEnv): Promise<UsersDeps> {
  const db = await openDatabase(databaseOptions(env));
  const publicUrl = env.USERS_PUBLIC_URL ?? `http://${env.USERS_HOST}:${env.USERS_PORT}`;
  return {
    db,
    logger: loggerFromEnv('users', env),
    verifyToken: tokenVerifierFromEnv(env),
    ...(await storageFromEnv(env, publicUrl)),
    config: {
      corsOrigins: env.CORS_ORIGINS,
      maxUploadBytes: env.UPLOAD_MAX_BYTES,
      maxPixels: env.UPLOAD_MAX_PIXELS,
      uploadTmpDir: env.UPLOAD_TMP_DIR,
      uploadConcurrency: env.UPLOAD_CONCURRENCY,
      uploadQueueLimit: env.UPLOAD_QUEUE_LIMIT,
      uploadsPerAccount: env.UPLOADS_PER_ACCOUNT,
      emailChangeLimit: env.EMAIL_CHANGE_LIMIT,
      emailChangeWindowMs: env.EMAIL_CHANGE_WINDOW_SECONDS * 1000,
    },
  };
}
