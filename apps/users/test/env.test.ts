import { afterEach, expect, spyOn, test } from 'bun:test';
import { loadEnv } from '../src/env';

const exit = spyOn(process, 'exit').mockImplementation((() => {
  throw new Error('exit');
}) as never);
const errors = spyOn(console, 'error').mockImplementation(() => {});
afterEach(() => {
  exit.mockClear();
  errors.mockClear();
});

test('no variables at all: the embedded defaults', () => {
  const env = loadEnv({});
  expect(env.DATABASE_URL).toEndWith('.data/greencommerce.sqlite');
  expect(env.S3_BUCKET).toBeUndefined();
  expect(env.KAFKA_BROKERS).toEqual([]);
  expect(env.USERS_PORT).toBe(8082);
});

test('empty values count as unset, as in a copied .env.example', () => {
  expect(loadEnv({ DATABASE_URL: '', S3_ENDPOINT: '', KAFKA_BROKERS: '' }).DATABASE_URL).toEndWith('.sqlite');
});

const printed = () => errors.mock.calls.map((c) => String(c[0])).join('\n');

test('bad config exits with one line per field', () => {
  expect(() => loadEnv({ USERS_PORT: 'eighty', AUTH_JWKS_URL: 'not a url' })).toThrow('exit');
  expect(exit).toHaveBeenCalledWith(1);
  expect(printed()).toContain('USERS_PORT');
  expect(printed()).toContain('AUTH_JWKS_URL');
});

test('inconsistent S3 settings are named, and secret values are never echoed', () => {
  expect(() => loadEnv({ S3_ENDPOINT: 'http://s3', S3_ACCESS_KEY_ID: 'AKIA-SECRET-ID' })).toThrow('exit');
  const printed = errors.mock.calls.map((c) => String(c[0])).join('\n');
  expect(printed).toContain('S3_BUCKET');
  expect(printed).toContain('S3_SECRET_ACCESS_KEY');
  expect(printed).not.toContain('AKIA-SECRET-ID');
});

test('LOG_LEVEL is one of pino’s levels; a typo is refused, not silently ignored', () => {
  expect(loadEnv({ LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
  expect(() => loadEnv({ LOG_LEVEL: 'verbose' })).toThrow('exit');
  expect(printed()).toContain('LOG_LEVEL');
});
