import type { Db } from '@greencommerce/db';
import type { Logger, TokenVerifier } from '@greencommerce/http';
import type { ObjectStorage } from '@greencommerce/media';

export type UsersConfig = {
  corsOrigins: string[];
  maxUploadBytes: number;
  maxPixels: number;
  /** Uploads stream to files here while they are checked and re-encoded; each is deleted when its upload ends. */
  uploadTmpDir: string;
  uploadConcurrency: number;
  uploadQueueLimit: number;
  /** One account's uploads in progress at once; unset: UPLOADS_PER_ACCOUNT's default. */
  uploadsPerAccount?: number;
  /**
   * Email changes per account per window (EMAIL_CHANGE_LIMIT, EMAIL_CHANGE_WINDOW_SECONDS): each mails a
   * link to an address the caller chose, as a resend does. Unset: 5 an hour.
   */
  emailChangeLimit?: number;
  emailChangeWindowMs?: number;
};

/** Everything the users app needs, passed in so tests can build it with their own. */
export type UsersDeps = {
  db: Db;
  logger: Logger;
  verifyToken: TokenVerifier;
  storage: ObjectStorage;
  /** The folder of the embedded mode's local storage, served at /media; absent with S3. */
  mediaDir?: string;
  config: UsersConfig;
};
