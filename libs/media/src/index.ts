export { mediaRoutes } from './media-routes';
export { type ImageKind, type SniffResult, sniffImage } from './sniff-image';
export { localStorage } from './storage/local-storage';
export type { LocalFile, ObjectStorage } from './storage/object-storage';
export { type S3StorageOptions, s3Storage } from './storage/s3-storage';
export { type UploadedImage, type UploadOptions, withUploadedImage } from './uploaded-image';
