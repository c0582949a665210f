import { createReadStream } from 'node:fs';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { unavailable } from '@greencommerce/http';
import type { ObjectStorage } from './object-storage';

export type S3StorageOptions = {
  bucket: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** When objects are public (bucket policy or CDN): browser URLs are `${publicBaseUrl}/${key}`. */
  publicBaseUrl?: string;
  presignSeconds: number;
  timeoutMs: number;
};

/** Any failure to talk to the store is the store being unavailable, never a bug of the request. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) throw err;
    // The cause (refused connection, bad credentials, missing bucket) goes to the log, not the client.
    throw Object.assign(unavailable('object storage'), { cause: err });
  }
}

export function s3Storage(opts: S3StorageOptions): ObjectStorage & { client: S3Client } {
  const client = new S3Client({
    region: opts.region,
    endpoint: opts.endpoint,
    forcePathStyle: opts.forcePathStyle,
    credentials: opts.credentials,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: opts.timeoutMs, requestTimeout: opts.timeoutMs * 5 },
  });
  const base = (opts.endpoint ?? `https://s3.${opts.region}.amazonaws.com`).replace(/\/$/, '');
  const canonicalUrl = (key: string) =>
    opts.publicBaseUrl
      ? `${opts.publicBaseUrl.replace(/\/$/, '')}/${key}`
      : opts.forcePathStyle
        ? `${base}/${opts.bucket}/${key}`
        : `${base.replace('://', `://${opts.bucket}.`)}/${key}`;
  return {
    client,
    canonicalUrl,
    put: async (key, file, contentType) => {
      // Streamed from disk with its length declared up front, so the SDK never buffers the object.
      const body = createReadStream(file.path);
      try {
        await guarded(() =>
          client.send(
            new PutObjectCommand({
              Bucket: opts.bucket,
              Key: key,
              Body: body,
              ContentLength: file.size,
              ContentType: contentType,
            }),
          ),
        );
      } finally {
        body.destroy();
      }
    },
    delete: (key) =>
      guarded(() => client.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: key }))).then(() => undefined),
    list: async (prefix) => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await guarded(() =>
          client.send(new ListObjectsV2Command({ Bucket: opts.bucket, Prefix: prefix, ContinuationToken: token })),
        );
        keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    browserUrl: async (key) =>
      opts.publicBaseUrl
        ? canonicalUrl(key)
        : getSignedUrl(client, new GetObjectCommand({ Bucket: opts.bucket, Key: key }), {
            expiresIn: opts.presignSeconds,
          }),
    check: () => guarded(() => client.send(new HeadBucketCommand({ Bucket: opts.bucket }))).then(() => undefined),
  };
}
