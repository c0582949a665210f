import { expect, test } from 'bun:test';
import { type EnvCase, expectConfigRejected, loadEnvCaught, SHARED_BAD_ENV } from '@greencommerce/testing';
import { DEFAULT_ASSETS_DIR, loadEnv } from '../src/env';

test('no variables at all: the embedded defaults', () => {
  const env = loadEnv({});
  expect(env.CATALOG_PORT).toBe(8083);
  expect(env.CATALOG_WORKERS).toBe(1);
  expect(env.CATALOG_PUBLIC_URL).toBe('http://127.0.0.1:8083');
  expect(env.CATALOG_ASSETS_DIR).toBe(DEFAULT_ASSETS_DIR);
  expect(env.CATALOG_REVALIDATE_CACHE_MS).toBe(1000);
  expect([env.SEARCH_CONCURRENCY, env.SEARCH_QUEUE_LIMIT, env.UPLOADS_PER_ACCOUNT]).toEqual([4, 64, 2]);
  expect(DEFAULT_ASSETS_DIR).toEndWith('apps/catalog/assets');
  expect(env.DATABASE_URL).toEndWith('.sqlite');
  expect(env.S3_BUCKET).toBeUndefined();
  expect(env.MEDIA_DIR).toEndWith('media');
  expect(env.KAFKA_BROKERS).toEqual([]);
});

test('workers: one on the embedded database, one per core on a configured one, or as set', () => {
  expect(loadEnv({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/gc' }).CATALOG_WORKERS).toBe(
    navigator.hardwareConcurrency || 1,
  );
  expect(loadEnv({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/gc', CATALOG_WORKERS: '3' }).CATALOG_WORKERS).toBe(3);
});

test('the public URL follows host and port unless set', () => {
  expect(loadEnv({ CATALOG_HOST: '0.0.0.0', CATALOG_PORT: '9000' }).CATALOG_PUBLIC_URL).toBe('http://0.0.0.0:9000');
  expect(loadEnv({ CATALOG_PUBLIC_URL: 'https://shop.example.com/catalog' }).CATALOG_PUBLIC_URL).toBe(
    'https://shop.example.com/catalog',
  );
});

test('the shipped .env.example is valid as it stands', async () => {
  const text = await Bun.file(new URL('../../../.env.example', import.meta.url)).text();
  const vars = Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z0-9_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  expect(loadEnvCaught(loadEnv, vars).code).toBe(0);
});

const BAD: EnvCase[] = [
  ...SHARED_BAD_ENV,
  { field: 'CATALOG_HOST', value: 'not a host!' },
  { field: 'CATALOG_PORT', value: '70000' },
  { field: 'CATALOG_WORKERS', value: '0' },
  { field: 'CATALOG_PUBLIC_URL', value: 'shop.example.com' },
  { field: 'CATALOG_PUBLIC_URL', value: 'https://user:pass@shop.example.com', secret: 'pass' },
  { field: 'S3_BUCKET', value: 'My_Bucket', with: { S3_ENDPOINT: 'http://127.0.0.1:9090' } },
  { field: 'S3_BUCKET', value: '', with: { S3_ENDPOINT: 'http://s3' }, secret: 'http://s3' },
  { field: 'S3_SECRET_ACCESS_KEY', value: '', with: { S3_ACCESS_KEY_ID: 'AKIA-SECRET-ID' }, secret: 'AKIA-SECRET-ID' },
  { field: 'UPLOAD_MAX_BYTES', value: '5MB' },
  { field: 'UPLOADS_PER_ACCOUNT', value: '0' },
  { field: 'SEARCH_CONCURRENCY', value: '0' },
  { field: 'SEARCH_QUEUE_LIMIT', value: 'many' },
];

test('a bad value exits at start with one line naming the field, never the value', () => {
  for (const bad of BAD) expectConfigRejected(loadEnv, bad);
});
