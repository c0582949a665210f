import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { findUserById } from '@greencommerce/db';
import { inspect, jpegWithComment, phonePhoto, png, pngBomb, pngWithoutPixels } from '@greencommerce/testing/images';
import { createTestUsers, expectError, imageFile, newUser, type TestUsers, uploadRequest } from './support';

// Integration: real MariaDB and S3. What is stored is what the bucket holds, read back.
let u: TestUsers;
beforeAll(async () => {
  u = await createTestUsers('users_hostile_images');
});
afterAll(async () => {
  await u.drop();
});

async function upload(bytes: Uint8Array<ArrayBuffer>) {
  const user = await newUser(u.db);
  const res = await u.app.request(uploadRequest(user.token, { image: imageFile(bytes) }));
  return { user, res };
}
async function stored(res: Response) {
  expect(res.status).toBe(201);
  const { key } = await res.json();
  const obj = await u.storage.client.send(new GetObjectCommand({ Bucket: u.bucket, Key: key }));
  const bytes = await obj.Body!.transformToByteArray();
  return { bytes, text: Buffer.from(bytes).toString('latin1'), type: obj.ContentType };
}

describe('uploads are stored as fresh encodings of their pixels', () => {
  test('a JPEG whose comment segment holds a <script> is stored without it', async () => {
    const { res } = await upload(await jpegWithComment('<script>alert(document.cookie)</script>'));
    const obj = await stored(res);
    expect(obj.type).toBe('image/jpeg');
    expect(obj.text).not.toContain('<script>');
    expect(obj.text).not.toContain('alert(');
    expect((await inspect(obj.bytes)).metadata).toEqual([]);
  });

  test('a PNG whose tEXt chunk holds HTML is stored without it', async () => {
    const { res } = await upload(png(6, 6, undefined, ['Description', '<html><img src=x onerror=alert(1)></html>']));
    const obj = await stored(res);
    expect(obj.type).toBe('image/png');
    expect(obj.text).not.toContain('<html>');
    expect(obj.text).not.toContain('onerror');
    expect(await inspect(obj.bytes)).toMatchObject({ width: 6, height: 6, metadata: [] });
  });

  test('a phone photo is stored upright, with no EXIF and so no GPS position', async () => {
    const { res } = await upload(await phonePhoto(32, 16));
    const obj = await stored(res);
    expect(obj.text).not.toContain('PhoneMaker');
    expect(await inspect(obj.bytes)).toMatchObject({ format: 'jpeg', width: 16, height: 32, metadata: [] });
  });

  test.each([
    ['a PNG with no image data', () => pngWithoutPixels()],
    ['a 30000×30000 decompression bomb', () => pngBomb(30_000)],
  ])('%s is a 400 and nothing is written', async (_, make) => {
    const { user, res } = await upload(make());
    await expectError(res, 400, 'BAD_REQUEST');
    expect(await u.storage.list(`users/${user.id}/`)).toEqual([]);
    expect((await findUserById(u.db, user.id))?.profile_photo_key).toBeNull();
    expect(u.leftovers()).toEqual([]);
  });
});
