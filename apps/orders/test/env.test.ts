import { describe, expect, test } from 'bun:test';
import { type EnvCase, expectConfigRejected, SHARED_BAD_ENV } from '@greencommerce/testing';
import { loadEnv } from '../src/env';

test('no variables at all: the embedded defaults on port 8085', () => {
  const env = loadEnv({});
  expect(env.ORDERS_PORT).toBe(8085);
  expect(env.ORDERS_WORKERS).toBe(1);
  expect(env.ORDER_SHIPPING_FEE).toBe(495);
  expect(env.ORDER_FREE_SHIPPING_THRESHOLD).toBe(5000);
  expect(env.ORDER_PAYMENT_TTL_SECONDS).toBe(1800);
  expect(env.KAFKA_BROKERS).toEqual([]);
  expect(env.DATABASE_URL).toEndWith('.sqlite');
});

test('money in major units becomes exact minor units', () => {
  const env = loadEnv({ ORDER_SHIPPING_FEE: '0.1', ORDER_FREE_SHIPPING_THRESHOLD: '0' });
  expect([env.ORDER_SHIPPING_FEE, env.ORDER_FREE_SHIPPING_THRESHOLD]).toEqual([10, 0]);
});

const BAD: EnvCase[] = [
  ...SHARED_BAD_ENV,
  { field: 'ORDERS_HOST', value: 'not a host!' },
  { field: 'ORDERS_PORT', value: 'eighty' },
  { field: 'ORDERS_WORKERS', value: '0' },
  { field: 'ORDER_SHIPPING_FEE', value: '4.955' },
  { field: 'ORDER_SHIPPING_FEE', value: '-1' },
  { field: 'ORDER_FREE_SHIPPING_THRESHOLD', value: '50,00' },
  { field: 'ORDER_PAYMENT_TTL_SECONDS', value: '5' },
  { field: 'ORDER_SWEEP_INTERVAL_SECONDS', value: '9999999' },
  { field: 'AUTH_JWKS_URL', value: 'ftp://auth.example.com/jwks' },
  { field: 'STRIPE_SECRET_KEY', value: 'not-a-key' },
];

describe('a bad value exits at start with one line naming the field, never the value', () => {
  for (const bad of BAD) test(`${bad.field}=${bad.value.slice(0, 40)}`, () => expectConfigRejected(loadEnv, bad));
});
