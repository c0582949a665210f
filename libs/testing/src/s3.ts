import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { TEST_S3_ENDPOINT } from './infra';

/** A client of the test run's S3 server (S3Mock takes any credentials). */
export const testS3Client = (endpoint = TEST_S3_ENDPOINT) =>
  new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

/** The env a users service needs to store in `bucket` on the test run's S3 server. */
export const s3Env = (bucket: string) => ({
  S3_ENDPOINT: TEST_S3_ENDPOINT,
  S3_BUCKET: bucket,
  S3_ACCESS_KEY_ID: 'test',
  S3_SECRET_ACCESS_KEY: 'test',
});

/** A unique bucket name for a suite. */
export const bucketName = (suite: string) => `gc-${suite.replace(/_/g, '-')}-${process.pid}-${Date.now() % 1e6}`;

/** A fresh bucket on the test run's S3 server, emptied and removed by `drop()`. */
export async function testBucket(suite: string) {
  const name = bucketName(suite);
  const client = testS3Client();
  await client.send(new CreateBucketCommand({ Bucket: name }));
  return {
    name,
    client,
    env: s3Env(name),
    keys: async (prefix = '') =>
      ((await client.send(new ListObjectsV2Command({ Bucket: name, Prefix: prefix }))).Contents ?? []).map(
        (o) => o.Key!,
      ),
    drop: async () => {
      const objects = (await client.send(new ListObjectsV2Command({ Bucket: name }))).Contents ?? [];
      for (const o of objects) await client.send(new DeleteObjectCommand({ Bucket: name, Key: o.Key }));
      await client.send(new DeleteBucketCommand({ Bucket: name }));
    },
  };
}
