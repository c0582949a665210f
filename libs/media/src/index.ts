export { mediaRoutes } from './media-routes';
export { type ImageKind, type SniffResult, sniffImage } from './sniff-image';
export { localStorage } from './storage/local-storage';
export type { LocalFile, ObjectStorage } from './storage/object-storage';
// s3Storage is imported from '@greencommerce/media/s3': the AWS SDK takes ~100 ms to load, which only
// a service that stores in S3 should pay.
export type { S3StorageOptions } from './storage/s3-storage';
export {
  refineStorageEnv,
  type StorageEnv,
  storageEnv,
  storageFromEnv,
  type UploadEnv,
  uploadEnv,
} from './storage-env';
export { storeThenCommit, uploadKey } from './store-uploaded';
export { type UploadSlots, uploadSlots } from './upload-slots';
export { type UploadedImage, type UploadOptions, withUploadedImage } from './uploaded-image';
