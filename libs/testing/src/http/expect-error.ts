import { expect } from 'bun:test';
import { ErrorBody } from '@greencommerce/contracts';

/** Asserts the one error shape (and status, and code when given) and returns the error. */
export async function expectError(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = ErrorBody.parse(await res.json());
  if (code) expect(body.error.code).toBe(code as never);
  return body.error;
}
