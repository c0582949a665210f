import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** A raw PutObject loop with as many requests in flight as the load has: the ceiling for uploads. */
export async function putRate(s3: S3Client, bucket: string, bytes: Uint8Array, inFlight: number, seconds: number) {
  let n = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async (_, w) => {
      while (performance.now() < until) {
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: `raw/${w}/${n}.jpg`, Body: bytes, ContentType: 'image/jpeg' }),
        );
        n++;
      }
    }),
  );
  return n / seconds;
}
