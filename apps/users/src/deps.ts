import type { Db } from '@greencommerce/db';
import type { Logger, TokenVerifier } from '@greencommerce/http';
import type { ObjectStorage } from './storage/object-storage';

export type UsersConfig = {
  corsOrigins: string[];
  maxUploadBytes: number;
  maxPixels: number;
  uploadConcurrency: number;
  uploadQueueLimit: number;
};

/** Everything the users app needs, passed in so tests can build it with their own. */
export type UsersDeps = {
  db: Db;
  logger: Logger;
  verifyToken: TokenVerifier;
  storage: ObjectStorage;
  /** The folder of the embedded mode's local storage, served at /media; absent with S3. */
  mediaRoot?: (key: string) => string | null;
  config: UsersConfig;
};
