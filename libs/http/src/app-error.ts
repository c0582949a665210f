import { type ErrorCode, errorStatus, type FieldError } from '@greencommerce/contracts';

/** The one error type handlers throw; onError turns it into the shared error body. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
    readonly headers?: Record<string, string>,
    /** Further members of the error body, for the one error a route's own 409/4xx schema documents. */
    readonly extra?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }

  get status() {
    return errorStatus[this.code];
  }
}

/** A dependency (database, object storage, …) is down: 503 naming which one. */
export const unavailable = (dependency: string) => new AppError('SERVICE_UNAVAILABLE', `${dependency} unavailable`);
