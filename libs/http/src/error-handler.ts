import { DependencyUnavailableError, type ErrorBody, type ErrorCode } from '@greencommerce/contracts';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from './app-error';
import type { Logger } from './logger';

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof DependencyUnavailableError) return new AppError('SERVICE_UNAVAILABLE', err.message);
  if (err instanceof HTTPException) {
    const byStatus: Record<number, ErrorCode> = {
      400: 'BAD_REQUEST',
      401: 'UNAUTHORIZED',
      403: 'FORBIDDEN',
      404: 'NOT_FOUND',
      413: 'PAYLOAD_TOO_LARGE',
      415: 'UNSUPPORTED_MEDIA_TYPE',
    };
    const code = byStatus[err.status];
    if (code) return new AppError(code, err.message || 'Bad request');
  }
  return new AppError('INTERNAL', 'Internal server error');
}

const withoutDetails = (extra: AppError['extra']) => {
  if (!extra || !('details' in extra)) return extra;
  const { details: _, ...rest } = extra;
  return rest;
};

export function errorResponse(c: Context, err: AppError) {
  const body: ErrorBody = {
    error: {
      // First: the members every error has are never overridden, `details` either (it is the list
      // of field errors clients loop over, or absent).
      ...withoutDetails(err.extra),
      code: err.code,
      message: err.message,
      ...(err.details && { details: err.details }),
      requestId: c.get('requestId') ?? 'unknown',
    },
  };
  return c.json(body, err.status, err.headers);
}

export const onError = (logger: Logger) => (err: Error, c: Context) => {
  const appError = toAppError(err);
  if (appError.status >= 500) {
    // The stack and the cause (a refused connection, bad credentials) go to our log, never to the client.
    logger.error({ requestId: c.get('requestId'), err }, 'request failed');
  }
  return errorResponse(c, appError);
};
