import type { Db } from '@greencommerce/db';
import type { Logger, TokenVerifier } from '@greencommerce/http';
import type { ObjectStorage } from '@greencommerce/media';

export type CatalogConfig = {
  corsOrigins: string[];
  /** How browsers reach this service, without a trailing slash: category image URLs start with it. */
  publicUrl: string;
  /** Shipped images (categories/<slug>.webp, …), served at /assets/. */
  assetsDir: string;
  /**
   * How long a read's validator is trusted for a 304 without a query (0: never). Writes in this
   * process clear it; another worker's write is seen after at most this long.
   */
  revalidateCacheMs: number;
  /**
   * Searches (`q`) run at once, and waiting; past both, 429. A search costs the database tens of ms
   * (one on a word most products carry, ~0.2 s), so a flood of them must not take every connection.
   * Unset: 4 and 64.
   */
  searchConcurrency?: number;
  searchQueueLimit?: number;
  maxUploadBytes: number;
  maxPixels: number;
  /** Uploads stream to files here while they are checked and re-encoded; each is deleted when its upload ends. */
  uploadTmpDir: string;
  uploadConcurrency: number;
  uploadQueueLimit: number;
  /** One account's uploads in progress at once; unset: UPLOADS_PER_ACCOUNT's default. */
  uploadsPerAccount?: number;
};

/** Everything the catalog app needs, passed in so tests can build it with their own. */
export type CatalogDeps = {
  db: Db;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** Product images (S3, or the embedded media folder). */
  storage: ObjectStorage;
  /** The folder of the embedded mode's local storage, served at /media; absent with S3. */
  mediaDir?: string;
  config: CatalogConfig;
};
