import { describe, expect, test } from 'bun:test';
import { type EnvCase, expectConfigRejected, SHARED_BAD_ENV } from '@greencommerce/testing';
import { loadEnv } from '../src/env';

test('no variables at all: the embedded defaults on port 8084', () => {
  const env = loadEnv({});
  expect(env.CART_PORT).toBe(8084);
  expect(env.CART_WORKERS).toBe(1);
  expect(env.GUEST_CART_TTL_DAYS).toBe(30);
  expect(env.KAFKA_BROKERS).toEqual([]);
  expect(env.DATABASE_URL).toEndWith('.sqlite');
});

const BAD: EnvCase[] = [
  ...SHARED_BAD_ENV,
  { field: 'CART_HOST', value: 'not a host!' },
  { field: 'CART_PORT', value: 'eighty' },
  { field: 'CART_WORKERS', value: '0' },
  { field: 'GUEST_CART_TTL_DAYS', value: '0' },
  { field: 'GUEST_CART_TTL_DAYS', value: '30d' },
  { field: 'EMPTY_CART_TTL_HOURS', value: '-1' },
  { field: 'CART_SWEEP_INTERVAL_SECONDS', value: '9999999' },
  { field: 'AUTH_JWKS_URL', value: 'ftp://auth.example.com/jwks' },
  { field: 'GUEST_CART_IP_LIMIT', value: '0' },
  { field: 'GUEST_CART_IP_WINDOW_SECONDS', value: '172800' },
  { field: 'TRUST_PROXY', value: 'maybe' },
];

describe('a bad value exits at start with one line naming the field, never the value', () => {
  for (const bad of BAD) test(`${bad.field}=${bad.value.slice(0, 40)}`, () => expectConfigRejected(loadEnv, bad));
});
