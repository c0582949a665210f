import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ZodType } from 'zod';
import { AppError } from './app-error';

/** 413 past `maxBytes`, counted while the body streams in, whatever Content-Length claims. */
export const limitBody = (maxBytes: number): MiddlewareHandler =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
    },
  });

/** 415 unless the body is declared as JSON. */
export const requireJson = (): MiddlewareHandler => async (c, next) => {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  }
  await next();
};

/** Validates the JSON body against a contract; failures become VALIDATION_FAILED with field details. */
export const jsonBody = <S extends ZodType>(schema: S) =>
  zValidator('json', schema, (result) => {
    if (!result.success) {
      throw new AppError(
        'VALIDATION_FAILED',
        'Request body is invalid',
        result.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
      );
    }
  });
