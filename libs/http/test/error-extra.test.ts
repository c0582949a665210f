import { expect, test } from 'bun:test';
import { captureLogger } from '@greencommerce/testing';
import { AppError } from '../src/app-error';
import { createBaseApp } from '../src/create-base-app';

// An error a route documents with more members (checkout's 409 `closedOrder`) keeps the one error
// shape: the members every error has, and `details` (the field errors clients loop over), are its own.
test("an error body's extra members never replace code, message, requestId or details", async () => {
  const forged = {
    code: 'FORGED',
    message: 'forged',
    requestId: 'forged',
    details: 'forged',
    closedOrder: { id: 'o1' },
  };
  const app = createBaseApp({ logger: captureLogger('base').logger, corsOrigins: [], maxBodyBytes: 1024 })
    .get('/closed', () => {
      throw new AppError('CONFLICT', 'Closed', undefined, undefined, forged);
    })
    .get('/short', () => {
      throw new AppError('CONFLICT', 'Short', [{ path: 'items.0', message: 'only 2 left' }], undefined, forged);
    });
  const closed = await app.request('/closed');
  expect(closed.status).toBe(409);
  const { error } = (await closed.json()) as { error: Record<string, unknown> };
  expect(error).toEqual({
    closedOrder: { id: 'o1' },
    code: 'CONFLICT',
    message: 'Closed',
    requestId: closed.headers.get('x-request-id'),
  });
  const short = (await (await app.request('/short')).json()) as { error: Record<string, unknown> };
  expect(short.error.details).toEqual([{ path: 'items.0', message: 'only 2 left' }]);
});
