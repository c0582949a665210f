import { databaseOptions, openDatabase } from '@greencommerce/db';
import { createTokenVerifier, loggerFromEnv } from '@greencommerce/http';
import { localStorage } from '@greencommerce/media';
import type { UsersDeps } from './deps';
import type { UsersEnv } from './env';

async function storageFromEnv(env: UsersEnv) {
  if (env.S3_BUCKET) {
    // Loaded only here: the embedded mode's start would pay ~100 ms for an SDK it never uses.
    const { s3Storage } = await import('@greencommerce/media/s3');
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
  const publicUrl = env.USERS_PUBLIC_URL ?? `http://${env.USERS_HOST}:${env.USERS_PORT}`;
  return { storage: localStorage(env.MEDIA_DIR, publicUrl), mediaDir: env.MEDIA_DIR };
}

/** Builds the real dependencies from configuration; the embedded database is migrated on start. */
export async function depsFromEnv(env: UsersEnv): Promise<UsersDeps> {
  const db = await openDatabase(databaseOptions(env));
  return {
    db,
    logger: loggerFromEnv('users', env),
    verifyToken: createTokenVerifier({
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      clockToleranceSeconds: env.JWT_CLOCK_TOLERANCE_SECONDS,
      ...(env.JWT_PUBLIC_KEYS ? { keys: env.JWT_PUBLIC_KEYS } : { jwksUrl: env.AUTH_JWKS_URL }),
    }),
    ...(await storageFromEnv(env)),
    config: {
      corsOrigins: env.CORS_ORIGINS,
      maxUploadBytes: env.UPLOAD_MAX_BYTES,
      maxPixels: env.UPLOAD_MAX_PIXELS,
      uploadTmpDir: env.UPLOAD_TMP_DIR,
      uploadConcurrency: env.UPLOAD_CONCURRENCY,
      uploadQueueLimit: env.UPLOAD_QUEUE_LIMIT,
    },
  };
}
