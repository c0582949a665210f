import { expect, test } from 'bun:test';
import { captureLogger } from '@greencommerce/testing';

test('secrets are redacted wherever they sit in a logged object', () => {
  const { logger, lines } = captureLogger();
  logger.info({
    password: 'secret-1',
    user: { email: 'ana@example.com', password: 'secret-2', token: 'secret-3' },
    body: { refreshToken: 'secret-4', credentials: { secretAccessKey: 'secret-5', secret: 'secret-6' } },
    req: { headers: { authorization: 'Bearer secret-7', cookie: 'sid=secret-8', accept: 'text/html' } },
  });
  const text = JSON.stringify(lines);
  expect(text).not.toContain('secret-');
  expect(lines[0]).toMatchObject({
    password: '[REDACTED]',
    user: { email: 'ana@example.com', password: '[REDACTED]' },
    req: { headers: { authorization: '[REDACTED]', accept: 'text/html' } },
  });
});

test('header names are redacted in either case, set-cookie included', () => {
  const { logger, lines } = captureLogger();
  logger.info({
    req: { headers: { Authorization: 'Bearer secret-1', Cookie: 'sid=secret-2' } },
    res: { headers: { 'set-cookie': 'sid=secret-3', 'Set-Cookie': 'sid=secret-4' } },
  });
  expect(JSON.stringify(lines)).not.toContain('secret-');
});

test("an error is logged with its cause chain, the cause's code included", () => {
  const { logger, lines } = captureLogger();
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  logger.error({ err: new Error('object storage unavailable', { cause: refused }) }, 'request failed');
  expect(lines[0]).toMatchObject({
    level: 'error',
    msg: 'request failed',
    err: { message: 'object storage unavailable', cause: { code: 'ECONNREFUSED' } },
  });
});
