import type { Db } from '@greencommerce/db';
import type { Logger } from '@greencommerce/http';
import type { ObjectStorage } from '@greencommerce/media';

/** What the admin writes use of the catalog's dependencies (the app's deps have all of it). */
export type AdminDeps = {
  db: Db;
  logger: Logger;
  storage: ObjectStorage;
  config: { maxUploadBytes: number; maxPixels: number; uploadTmpDir: string };
};
