import { describe, expect, test } from 'bun:test';
import { createTokenVerifier } from '@greencommerce/http';
import {
  type EnvCase,
  expectConfigRejected,
  loadEnvCaught,
  loadEnvInSubprocess,
  SHARED_BAD_ENV,
} from '@greencommerce/testing';
import { exportJWK, generateKeyPair } from 'jose';
import { loadEnv } from '../src/env';
import { TEST_JWT_ENV, tokenFor } from './support';

const ENV_MODULE = new URL('../src/env.ts', import.meta.url).pathname;

const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
const priv = { ...(await exportJWK(privateKey)), kid: 'k1' };
const pub = { ...(await exportJWK(publicKey)), kid: 'k1' };
const rsa = await generateKeyPair('RS256', { extractable: true });
const rsaPub = { ...(await exportJWK(rsa.publicKey)), kid: 'r1' };
const d = priv.d as string;

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

test('a JWKS document pasted into JWT_PUBLIC_KEYS works like the bare array', async () => {
  const keys = (JSON.parse(TEST_JWT_ENV.JWT_PUBLIC_KEYS) as object[]).map((k) => ({ ...k }));
  for (const JWT_PUBLIC_KEYS of [JSON.stringify({ keys }), JSON.stringify(keys)]) {
    const env = loadEnv({ ...TEST_JWT_ENV, JWT_PUBLIC_KEYS });
    const verify = createTokenVerifier({
      keys: env.JWT_PUBLIC_KEYS ?? [],
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
    });
    expect(await verify(await tokenFor(7))).toMatchObject({ userId: 7 });
  }
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

test('valid values of every kind are taken', () => {
  const env = loadEnv({
    USERS_HOST: '0.0.0.0',
    USERS_PUBLIC_URL: 'https://api.example.com/users',
    AUTH_JWKS_URL: 'http://auth:8081/.well-known/jwks.json',
    S3_ENDPOINT: 'http://localhost:9090',
    S3_BUCKET: 'green.commerce-1',
    S3_REGION: 'eu-west-3',
    S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    S3_FORCE_PATH_STYLE: 'false',
    S3_PUBLIC_BASE_URL: 'https://cdn.example.com/media',
    S3_PRESIGN_SECONDS: '604800',
  });
  expect(env.S3_FORCE_PATH_STYLE).toBe(false);
  expect(env.S3_PRESIGN_SECONDS).toBe(604800);
});

const S3 = { S3_ENDPOINT: 'http://127.0.0.1:9090', S3_BUCKET: 'greencommerce' };

const BAD: EnvCase[] = [
  ...SHARED_BAD_ENV,
  { field: 'USERS_HOST', value: 'not a host!' },
  { field: 'USERS_PORT', value: '-1' },
  { field: 'USERS_PORT', value: 'eighty' },
  { field: 'USERS_PUBLIC_URL', value: 'localhost:8082' },
  { field: 'AUTH_JWKS_URL', value: 'not a url' },
  { field: 'AUTH_JWKS_URL', value: 'ftp://auth.example.com/jwks' },
  { field: 'JWT_PUBLIC_KEYS', value: JSON.stringify([priv]), secret: d },
  { field: 'JWT_PUBLIC_KEYS', value: JSON.stringify({ keys: [priv] }), secret: d },
  { field: 'JWT_PUBLIC_KEYS', value: JSON.stringify({ keys: [] }) },
  { field: 'JWT_PUBLIC_KEYS', value: JSON.stringify([rsaPub]) },
  { field: 'JWT_PUBLIC_KEYS', value: JSON.stringify([{ ...pub, kid: undefined }]) },
  { field: 'JWT_PUBLIC_KEYS', value: JSON.stringify([{ ...pub, crv: 'P-384' }]) },
  { field: 'JWT_PUBLIC_KEYS', value: '{keys: nope}' },
  // Well-formed fields that would still fail every token at run time (401s, nothing at start).
  { field: 'JWT_PUBLIC_KEYS', value: JSON.stringify([{ ...pub, y: pub.x }]) },
  { field: 'JWT_PUBLIC_KEYS', value: JSON.stringify([{ ...pub, x: 'AAAA', y: 'AAAA' }]) },
  { field: 'JWT_PUBLIC_KEYS', value: JSON.stringify([{ ...pub, use: 'enc' }]) },
  { field: 'JWT_PUBLIC_KEYS', value: JSON.stringify([{ ...pub, key_ops: ['encrypt'] }]) },
  { field: 'S3_ENDPOINT', value: 's3.example.com', with: { S3_BUCKET: 'greencommerce' } },
  { field: 'S3_BUCKET', value: 'My_Bucket', with: S3 },
  { field: 'S3_REGION', value: 'US East' },
  { field: 'S3_ACCESS_KEY_ID', value: 'AKIA WITH SPACE', with: { S3_SECRET_ACCESS_KEY: 'secret' } },
  { field: 'S3_SECRET_ACCESS_KEY', value: 'pasted secret\n', with: { S3_ACCESS_KEY_ID: 'AKIA' } },
  { field: 'S3_FORCE_PATH_STYLE', value: 'perhaps' },
  { field: 'S3_PUBLIC_BASE_URL', value: 'cdn.example.com' },
  { field: 'S3_PRESIGN_SECONDS', value: '999999' },
  { field: 'UPLOAD_MAX_BYTES', value: '5MB' },
  { field: 'UPLOAD_MAX_PIXELS', value: '0' },
  { field: 'UPLOAD_CONCURRENCY', value: '0' },
  { field: 'UPLOAD_QUEUE_LIMIT', value: 'many' },
  { field: 'UPLOADS_PER_ACCOUNT', value: '0' },
  // Settings that only make sense together.
  { field: 'S3_BUCKET', value: '', with: { S3_ENDPOINT: 'http://s3' }, secret: 'http://s3' },
  { field: 'S3_SECRET_ACCESS_KEY', value: '', with: { S3_ACCESS_KEY_ID: 'AKIA-SECRET-ID' }, secret: 'AKIA-SECRET-ID' },
];

describe('a bad value exits at start with one line naming the field, never the value', () => {
  for (const bad of BAD) test(`${bad.field}=${bad.value.slice(0, 40)}`, () => expectConfigRejected(loadEnv, bad));
});

test('bad config exits with one line per field', () => {
  const { code, lines } = loadEnvCaught(loadEnv, { USERS_PORT: 'eighty', AUTH_JWKS_URL: 'not a url' });
  expect(code).toBe(1);
  expect(lines.map((l) => l.trim().split(':')[0])).toEqual(['USERS_PORT', 'AUTH_JWKS_URL']);
});

test('in a real process: exit 1, one line per bad field, no key material printed', async () => {
  const { code, lines, output } = await loadEnvInSubprocess(ENV_MODULE, {
    USERS_PORT: 'eighty',
    JWT_PUBLIC_KEYS: JSON.stringify({ keys: [priv] }),
  });
  expect(code).toBe(1);
  expect(lines.map((l) => l.trim().split(':')[0])).toEqual(['USERS_PORT', 'JWT_PUBLIC_KEYS']);
  expect(output).not.toContain(d);
});

test('LOG_LEVEL is one of pino’s levels; a typo is refused, not silently ignored', () => {
  expect(loadEnv({ LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
  expectConfigRejected(loadEnv, { field: 'LOG_LEVEL', value: 'verbose' });
});

test('workers: one process on the embedded database, one per core on a configured one, or as set', () => {
  expect(loadEnv({}).USERS_WORKERS).toBe(1);
  const mysql = 'mysql://root@127.0.0.1:3306/gc';
  expect(loadEnv({ DATABASE_URL: mysql }).USERS_WORKERS).toBe(navigator.hardwareConcurrency);
  expect(loadEnv({ DATABASE_URL: mysql, USERS_WORKERS: '3' }).USERS_WORKERS).toBe(3);
  expectConfigRejected(loadEnv, { field: 'USERS_WORKERS', value: '0' });
});
