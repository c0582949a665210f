import { z } from 'zod';

/** Every 4xx/5xx body of every app has this one shape. */
export const ErrorCode = z.enum([
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'PRECONDITION_REQUIRED',
  'PAYLOAD_TOO_LARGE',
  'UNPROCESSABLE',
  'PAYMENT_PROVIDER_REFUSED',
  'UNSUPPORTED_MEDIA_TYPE',
  'TOO_MANY_REQUESTS',
  'INTERNAL',
  'SERVICE_UNAVAILABLE',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const errorStatus = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** If-Match named a version that is no longer current: another edit came first. */
  PRECONDITION_FAILED: 412,
  /** A write that would overwrite a concurrent change without noticing must say which version it read (If-Match). */
  PRECONDITION_REQUIRED: 428,
  PAYLOAD_TOO_LARGE: 413,
  /** Understood but refused as a whole: an Idempotency-Key reused with another request. */
  UNPROCESSABLE: 422,
  /**
   * The payment provider answered and said no, for good (a declined card, a refund it will not
   * make): not an outage, so no retry helps; the message names the provider and its reason.
   */
  PAYMENT_PROVIDER_REFUSED: 402,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<ErrorCode, number>;

export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      details: z.array(FieldError).optional(),
      requestId: z.string(),
    }),
  })
  // One named schema that every error response of every document refers to.
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * A dependency (database, object storage, …) could not be reached: the request is not at fault,
 * and the HTTP layer answers 503 naming the dependency. Libraries extend it for their own
 * dependency, so the HTTP layer needs to know none of them.
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: string,
    options?: ErrorOptions,
  ) {
    super(`${dependency} unavailable`, options);
    this.name = new.target.name;
  }
}
