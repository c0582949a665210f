import { afterAll, beforeAll, expect, test } from 'bun:test';
import { captureLogger } from '@greencommerce/testing';
import { png } from '@greencommerce/testing/images';
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

let u: TestUsers;
beforeAll(async () => {
  u = await createTestUsers('users_s3_log');
});
afterAll(async () => {
  await u.drop();
});

test('an S3 failure logs its underlying cause (the refused connection) in the error line, not to the client', async () => {
  // A port nothing listens on: the store refuses every connection.
  const listener = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const deadPort = listener.port;
  listener.stop(true);
  const { logger, lines } = captureLogger('users');
  const app = createApp({ ...u.deps, logger, storage: testStorage(u.bucket, `http://127.0.0.1:${deadPort}`) });
  const user = await newUser(u.db);

  const res = await app.request(uploadRequest(user.token, { image: imageFile(png()) }));
  const err = await expectError(res, 503, 'SERVICE_UNAVAILABLE');
  expect(err.message).toBe('object storage unavailable');
  expect(JSON.stringify(err)).not.toContain('ECONNREFUSED');

  const failed = lines.filter((l) => l.msg === 'request failed');
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({
    level: 'error',
    requestId: err.requestId,
    err: { message: 'object storage unavailable', cause: { code: 'ECONNREFUSED', syscall: 'connect' } },
  });
});
