import { expect } from 'bun:test';
import { ErrorBody } from '@greencommerce/contracts';
import { createLogger } from './logger';

/** Asserts the one error shape (and status, and code when given) and returns the error. */
export async function expectError(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = ErrorBody.parse(await res.json());
  if (code) expect(body.error.code).toBe(code as never);
  return body.error;
}

/** The real logger (redaction, serializers and all), writing its lines to `lines` instead of stdout. */
export function captureLogger(service = 'test') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(service, { destination: { write: (line) => void lines.push(JSON.parse(line)) } });
  return { logger, lines };
}
