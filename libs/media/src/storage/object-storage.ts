/** A file on local disk and its length, streamed to the store rather than loaded. */
export type LocalFile = { path: string; size: number };

/** Where images live: S3 (or any S3-compatible server) in production, a folder in embedded mode. */
export interface ObjectStorage {
  /** Stores the file's bytes under `key`; throws AppError 503 when the store is down. */
  put(key: string, file: LocalFile, contentType: string): Promise<void>;
  /** Deletes the object; absent objects are fine. */
  delete(key: string): Promise<void>;
  /** Every key under a prefix, to clean up after a user. */
  list(prefix: string): Promise<string[]>;
  /** A stable URL for the object, stored with the user and sent in events. */
  canonicalUrl(key: string): string;
  /** A URL a browser can load now: public, or presigned for a short while. */
  browserUrl(key: string): Promise<string>;
  /** Rejects when the store cannot be reached (readiness). */
  check(): Promise<void>;
}
