import { afterAll, beforeAll, expect, test } from 'bun:test';
import { connect } from 'node:net';
import { findUserById } from '@greencommerce/db';
import { png, svg } from '@greencommerce/testing/images';
import {
  createApp,
  createTestUsers,
  expectError,
  imageFile,
  newUser,
  type TestUsers,
  testStorage,
  uploadRequest,
} from './support';

// Every upload streams through temporary files; none may outlive its request, however it ends.
let u: TestUsers;
beforeAll(async () => {
  u = await createTestUsers('users_upload_cleanup');
});
afterAll(async () => {
  await u.drop();
});

/** Waits (bounded) until the upload folder's listing satisfies `done`, and returns it. */
async function leftoversWhen(done: (names: string[]) => boolean) {
  const deadline = Date.now() + 10_000;
  while (!done(u.leftovers()) && Date.now() < deadline) await Bun.sleep(20);
  return u.leftovers();
}

test('success and refusal leave nothing behind', async () => {
  const user = await newUser(u.db);
  expect((await u.app.request(uploadRequest(user.token, { image: imageFile(png()) }))).status).toBe(201);
  expect(u.leftovers()).toEqual([]);
  await expectError(await u.app.request(uploadRequest(user.token, { image: imageFile(svg()) })), 415);
  expect(u.leftovers()).toEqual([]);
});

test('object storage failing mid-upload: 503, and nothing is left behind', async () => {
  // Port 9 (discard) has nothing listening: the put is refused at once.
  const app = createApp({ ...u.deps, storage: testStorage(u.bucket, 'http://127.0.0.1:9') });
  const user = await newUser(u.db);
  const err = await expectError(await app.request(uploadRequest(user.token, { image: imageFile(png()) })), 503);
  expect(err.message).toBe('object storage unavailable');
  expect(u.leftovers()).toEqual([]);
  expect((await findUserById(u.db, user.id))?.profile_photo_key).toBeNull();
});

test('a client that sends half its body and hangs up leaves nothing behind', async () => {
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: u.app.fetch });
  try {
    const user = await newUser(u.db);
    const boundary = 'cut-off';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\n`;
    const socket = connect(server.port ?? 0, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /upload HTTP/1.1\r\nHost: users.test\r\nAuthorization: Bearer ${user.token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${1024 * 1024}\r\n\r\n${head}`,
    );
    socket.write(new Uint8Array(256 * 1024));
    // The upload is under way once its temporary file exists; then the client goes away.
    expect((await leftoversWhen((names) => names.length > 0)).length).toBe(1);
    socket.destroy();
    expect(await leftoversWhen((names) => names.length === 0)).toEqual([]);
    expect(await u.storage.list(`users/${user.id}/`)).toEqual([]);
  } finally {
    server.stop(true);
  }
});
