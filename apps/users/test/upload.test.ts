import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { findUserById, pendingOutboxRows } from '@greencommerce/db';
import { bigJpeg, inspect, photo, png, polyglot, svg, text } from '@greencommerce/testing/images';
import { createApp, createTestUsers, expectError, imageFile, newUser, type TestUsers, uploadRequest } from './support';

// Integration: real MariaDB and the real S3-compatible server (S3Mock) from infra/up.sh.
let u: TestUsers;
beforeAll(async () => {
  u = await createTestUsers('users_upload', { maxUploadBytes: 1024 * 1024 });
});
afterAll(async () => {
  await u.drop();
});

const head = (key: string) => u.storage.client.send(new HeadObjectCommand({ Bucket: u.bucket, Key: key }));
const eventsFor = async (userId: number) =>
  (await pendingOutboxRows(u.db, 10_000)).map((r) => JSON.parse(r.payload)).filter((e) => e.data.userId === userId);

describe('POST /upload', () => {
  test('stores a re-encoding under a server key with its real type, updates the profile, writes ImageUploaded', async () => {
    const user = await newUser(u.db);
    const bytes = png(4, 4);
    const res = await u.app.request(uploadRequest(user.token, { image: imageFile(bytes, '../../etc/passwd.png') }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.message).toBe('Image uploaded');
    expect(body.key).toMatch(new RegExp(`^users/${user.id}/[0-9a-f-]{36}\\.png$`));
    const obj = await head(body.key);
    expect(obj.ContentType).toBe('image/png');
    const size = obj.ContentLength;
    expect(size).toBeGreaterThan(0);
    const row = await findUserById(u.db, user.id);
    expect(row?.profile_photo_key).toBe(body.key);
    const events = await eventsFor(user.id);
    expect(events).toEqual([
      expect.objectContaining({
        event: 'ImageUploaded',
        version: 1,
        data: {
          userId: user.id,
          imageUrl: row!.profile_photo,
          key: body.key,
          contentType: 'image/png',
          size,
        },
      }),
    ]);
  });

  test('the returned URL loads the image over HTTP, as a browser would', async () => {
    const user = await newUser(u.db);
    const { imageUrl } = await (await u.app.request(uploadRequest(user.token, { image: imageFile(png(3, 3)) }))).json();
    const res = await fetch(imageUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const served = await inspect(await res.arrayBuffer());
    expect([served.format, served.width, served.height]).toEqual(['png', 3, 3]);
  });

  test('accepts the later client field `file`, and JPEG and WebP; the type comes from the bytes', async () => {
    const user = await newUser(u.db);
    const jpg = await u.app.request(
      uploadRequest(user.token, { file: imageFile(await photo(), 'x.gif', 'image/gif') }),
    );
    expect(jpg.status).toBe(201);
    expect((await head((await jpg.json()).key)).ContentType).toBe('image/jpeg');
    const wp = await u.app.request(
      uploadRequest(user.token, { image: imageFile(await photo(8, 8, 'webp'), 'noext', 'text/plain') }),
    );
    expect(wp.status).toBe(201);
    expect((await wp.json()).key).toEndWith('.webp');
  });

  test('replacing the image deletes the old object once the swap is committed', async () => {
    const user = await newUser(u.db);
    const first = await (await u.app.request(uploadRequest(user.token, { image: imageFile(png()) }))).json();
    const second = await (await u.app.request(uploadRequest(user.token, { image: imageFile(png(5, 5)) }))).json();
    expect((await head(second.key)).ContentLength).toBeGreaterThan(0);
    expect(await head(first.key).catch((e) => e.$metadata?.httpStatusCode)).toBe(404);
    expect(await u.storage.list(`users/${user.id}/`)).toEqual([second.key]);
  });

  test('concurrent uploads by one user leave exactly one object: no orphans', async () => {
    const user = await newUser(u.db);
    // Four at once from one account: past the default of two per account, which would refuse them.
    const wide = createApp({ ...u.deps, config: { ...u.deps.config, uploadsPerAccount: 4 } });
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => wide.request(uploadRequest(user.token, { image: imageFile(png(i + 1, 2)) }))),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const row = await findUserById(u.db, user.id);
    expect(await u.storage.list(`users/${user.id}/`)).toEqual([row!.profile_photo_key!]);
    expect(await eventsFor(user.id)).toHaveLength(4);
  });

  test('a userId field naming another user is 403 (IDOR) and nothing is stored', async () => {
    const victim = await newUser(u.db);
    const attacker = await newUser(u.db);
    const res = await u.app.request(
      uploadRequest(attacker.token, { userId: String(victim.id), image: imageFile(png()) }),
    );
    await expectError(res, 403, 'FORBIDDEN');
    expect((await findUserById(u.db, victim.id))?.profile_photo_key).toBeNull();
    expect(await u.storage.list(`users/${victim.id}/`)).toEqual([]);
    expect(await u.storage.list(`users/${attacker.id}/`)).toEqual([]);
  });

  test('a userId field matching the token is accepted, as the original client sends it', async () => {
    const user = await newUser(u.db);
    const res = await u.app.request(uploadRequest(user.token, { userId: String(user.id), image: imageFile(png()) }));
    expect(res.status).toBe(201);
  });

  test.each([
    ['a text file named .png', () => text(), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an SVG', () => svg(), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a PNG/HTML polyglot', () => polyglot(), 400, 'BAD_REQUEST'],
    ['a pixel flood', () => png(2, 2, { width: 50_000, height: 50_000 }), 400, 'BAD_REQUEST'],
    ['an empty file', () => new Uint8Array(), 400, 'BAD_REQUEST'],
  ] as const)('%s is refused (%i) and nothing is written', async (_, make, status, code) => {
    const user = await newUser(u.db);
    const res = await u.app.request(uploadRequest(user.token, { image: imageFile(make(), 'photo.png', 'image/png') }));
    await expectError(res, status, code);
    expect(await u.storage.list(`users/${user.id}/`)).toEqual([]);
    expect(await eventsFor(user.id)).toEqual([]);
    expect((await findUserById(u.db, user.id))?.profile_photo_key).toBeNull();
  });

  test('an image over the limit is 413, whether or not Content-Length tells', async () => {
    const user = await newUser(u.db);
    const res = await u.app.request(uploadRequest(user.token, { image: imageFile(bigJpeg(1024 * 1024 + 1)) }));
    await expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    const body = await uploadRequest(user.token, {
      image: imageFile(bigJpeg(3 * 1024 * 1024)),
    }).arrayBuffer();
    const type = uploadRequest(user.token, { image: imageFile(png()) }).headers.get('content-type')!;
    const stream = new Blob([body]).stream();
    const streamed = await u.app.request('/upload', {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': type },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await u.storage.list(`users/${user.id}/`)).toEqual([]);
  });

  test('an image just under the limit is accepted', async () => {
    const user = await newUser(u.db);
    const res = await u.app.request(uploadRequest(user.token, { image: imageFile(bigJpeg(1024 * 1024 - 70_000)) }));
    expect(res.status).toBe(201);
  });

  test('past the upload slots and their queue, callers get 429 and nothing is half-written', async () => {
    const narrow = createApp({ ...u.deps, config: { ...u.deps.config, uploadConcurrency: 1, uploadQueueLimit: 1 } });
    const user = await newUser(u.db);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => narrow.request(uploadRequest(user.token, { image: imageFile(png()) }))),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
    const limited = results.find((r) => r.status === 429)!;
    await expectError(limited, 429, 'TOO_MANY_REQUESTS');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await eventsFor(user.id)).toHaveLength(statuses.filter((s) => s === 201).length);
  });

  test('missing file, wrong content type, broken multipart, no token', async () => {
    const user = await newUser(u.db);
    await expectError(await u.app.request(uploadRequest(user.token, { userId: String(user.id) })), 400, 'BAD_REQUEST');
    await expectError(await u.app.request(uploadRequest(user.token, { image: 'not a file' })), 400, 'BAD_REQUEST');
    const json = await u.app.request('/upload', {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    await expectError(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const broken = await u.app.request('/upload', {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\nunterminated',
    });
    await expectError(broken, 400, 'BAD_REQUEST');
    await expectError(await u.app.request(uploadRequest(null, { image: imageFile(png()) })), 401, 'UNAUTHORIZED');
  });
});
