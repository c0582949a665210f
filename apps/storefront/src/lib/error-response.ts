import type { ApiError, ErrorCode } from '@greencommerce/client';

/** The storefront's own non-page answers (its route handlers) in the services' one error shape. */
export function errorResponse(status: number, code: ErrorCode, message: string): Response {
  const body: ApiError = { error: { code, message, requestId: crypto.randomUUID() } };
  return Response.json(body, { status });
}
