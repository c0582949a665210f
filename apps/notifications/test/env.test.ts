import { describe, expect, test } from 'bun:test';
import { type EnvCase, expectConfigRejected, SHARED_BAD_ENV } from '@greencommerce/testing';
import { loadEnv } from '../src/env';

test('no variables at all: the embedded defaults on port 8086, mail to a local maildev', () => {
  const env = loadEnv({});
  expect(env.NOTIFICATIONS_PORT).toBe(8086);
  expect(env.NOTIFICATIONS_WORKERS).toBe(1);
  expect(env.SMTP_URL).toBe('smtp://127.0.0.1:1025');
  expect(env.STOREFRONT_URL).toBe('http://127.0.0.1:3000');
  expect(env.MESSAGE_ID_DOMAIN).toBe('greencommerce.local');
  expect(env.KAFKA_BROKERS).toEqual([]);
  expect(env.DATABASE_URL).toEndWith('.sqlite');
});

test("Message-IDs take MAIL_FROM's domain", () => {
  expect(loadEnv({ MAIL_FROM: 'Tienda <hola@Shop.Example.com>' }).MESSAGE_ID_DOMAIN).toBe('shop.example.com');
  expect(loadEnv({ MAIL_FROM: 'hola@tienda.example' }).MESSAGE_ID_DOMAIN).toBe('tienda.example');
});

// The shared cases for variables this worker reads (it has no CORS origins and verifies no tokens).
const BAD: EnvCase[] = [
  ...SHARED_BAD_ENV.filter((c) => !/^(CORS_|JWT_)/.test(c.field)),
  { field: 'NOTIFICATIONS_HOST', value: 'not a host!' },
  { field: 'NOTIFICATIONS_PORT', value: 'eighty' },
  { field: 'NOTIFICATIONS_WORKERS', value: '0' },
  { field: 'SMTP_URL', value: 'http://mail.example.com' },
  { field: 'SMTP_URL', value: 'smtp://user:s3cret-pass@', secret: 's3cret-pass' },
  { field: 'MAIL_FROM', value: 'no address at all' },
  { field: 'MAIL_FROM', value: 'A <a@b.example>\r\nBcc: victim@example.com' },
  { field: 'STOREFRONT_URL', value: 'javascript:alert(1)' },
  { field: 'NOTIFICATIONS_SEND_CONCURRENCY', value: '0' },
  { field: 'NOTIFICATIONS_RETRY_BASE_MS', value: '1s' },
  { field: 'NOTIFICATIONS_RETRY_MAX_MS', value: '9999999999' },
  { field: 'CONSUMER_MAX_ATTEMPTS', value: '0' },
  { field: 'NOTIFICATIONS_RETENTION_DAYS', value: '0' },
];

describe('a bad value exits at start with one line naming the field, never the value', () => {
  for (const bad of BAD) test(`${bad.field}=${bad.value.slice(0, 40)}`, () => expectConfigRejected(loadEnv, bad));
});
