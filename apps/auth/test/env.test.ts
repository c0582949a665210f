import { describe, expect, test } from 'bun:test';
import {
  type EnvCase,
  expectConfigRejected,
  loadEnvCaught,
  loadEnvInSubprocess,
  SHARED_BAD_ENV,
} from '@greencommerce/testing';
import { exportJWK, generateKeyPair } from 'jose';
import { loadEnv } from '../src/env';

const ENV_MODULE = new URL('../src/env.ts', import.meta.url).pathname;

const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
const priv = { ...(await exportJWK(privateKey)), kid: 'k1' };
const pub = { ...(await exportJWK(publicKey)), kid: 'k1' };
const rsa = await generateKeyPair('RS256', { extractable: true });
const rsaPriv = { ...(await exportJWK(rsa.privateKey)), kid: 'r1' };
const { kid: _kid, ...privWithoutKid } = priv;
const d = priv.d as string;
const otherD = (await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)).d as string;

test('no variables at all: the embedded defaults', () => {
  const env = loadEnv({});
  expect(env.AUTH_PORT).toBe(8081);
  expect(env.JWT_PRIVATE_KEYS).toBeUndefined();
  expect(env.JWT_CLOCK_TOLERANCE_SECONDS).toBe(30);
});

test('signing keys as a JSON array or as a JWKS document', () => {
  expect(loadEnv({ JWT_PRIVATE_KEYS: JSON.stringify([priv]) }).JWT_PRIVATE_KEYS).toEqual([priv] as never);
  expect(loadEnv({ JWT_PRIVATE_KEYS: JSON.stringify({ keys: [priv] }) }).JWT_PRIVATE_KEYS).toEqual([priv] as never);
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
    AUTH_HOST: '::1',
    AUTH_PORT: '0',
    DATABASE_URL: 'mysql://app:pw@db.internal:3306/shop',
    KAFKA_BROKERS: 'kafka-1:9092, 10.0.0.2:9093',
    CORS_ORIGINS: 'https://shop.example.com,http://localhost:3000',
    TRUST_PROXY: 'true',
    ACCESS_TOKEN_TTL_SECONDS: '86400',
  });
  expect(env.KAFKA_BROKERS).toEqual(['kafka-1:9092', '10.0.0.2:9093']);
  expect(env.CORS_ORIGINS).toEqual(['https://shop.example.com', 'http://localhost:3000']);
  expect(env.TRUST_PROXY).toBe(true);
});

const BAD: EnvCase[] = [
  ...SHARED_BAD_ENV,
  { field: 'AUTH_HOST', value: 'http://0.0.0.0' },
  { field: 'AUTH_PORT', value: '70000' },
  { field: 'AUTH_PORT', value: 'eighty' },
  { field: 'TRUST_PROXY', value: 'sometimes' },
  { field: 'JWT_PRIVATE_KEYS', value: `not json ${d}`, secret: d },
  { field: 'JWT_PRIVATE_KEYS', value: JSON.stringify([pub]) },
  { field: 'JWT_PRIVATE_KEYS', value: JSON.stringify([privWithoutKid]), secret: d },
  { field: 'JWT_PRIVATE_KEYS', value: JSON.stringify([rsaPriv]), secret: rsaPriv.d as string },
  { field: 'JWT_PRIVATE_KEYS', value: JSON.stringify({ keys: [] }) },
  { field: 'JWT_PRIVATE_KEYS', value: JSON.stringify([priv, priv]), secret: d },
  { field: 'JWT_PRIVATE_KEYS', value: JSON.stringify({ kty: 'EC' }) },
  // Well-formed fields, but auth would publish x/y that verify none of its tokens, or could not sign.
  { field: 'JWT_PRIVATE_KEYS', value: JSON.stringify([{ ...priv, d: otherD }]), secret: otherD },
  { field: 'JWT_PRIVATE_KEYS', value: JSON.stringify([{ ...priv, key_ops: ['verify'] }]), secret: d },
  { field: 'ACCESS_TOKEN_TTL_SECONDS', value: '172800' },
  { field: 'ACCESS_TOKEN_TTL_SECONDS', value: '0' },
  { field: 'REFRESH_TOKEN_TTL_SECONDS', value: '-5' },
  { field: 'ARGON2_MEMORY_KIB', value: '1024' },
  { field: 'ARGON2_TIME_COST', value: '1' },
  { field: 'HASH_CONCURRENCY', value: '0' },
  { field: 'HASH_QUEUE_LIMIT', value: 'unbounded' },
  { field: 'LOGIN_IP_LIMIT', value: '0' },
  { field: 'LOGIN_IP_WINDOW_SECONDS', value: '1.5' },
  { field: 'LOGIN_ACCOUNT_FAILURE_LIMIT', value: 'five' },
  { field: 'LOGIN_ACCOUNT_WINDOW_SECONDS', value: '0' },
  { field: 'REGISTER_IP_LIMIT', value: '-1' },
  { field: 'REGISTER_IP_WINDOW_SECONDS', value: '999999999' },
];

describe('a bad value exits at start with one line naming the field, never the value', () => {
  for (const bad of BAD) test(`${bad.field}=${bad.value.slice(0, 40)}`, () => expectConfigRejected(loadEnv, bad));
});

test('in a real process: exit 1, one line per bad field, no key material printed', async () => {
  const { code, lines, output } = await loadEnvInSubprocess(ENV_MODULE, {
    AUTH_PORT: 'x',
    CORS_ORIGINS: '*,*',
    JWT_PRIVATE_KEYS: JSON.stringify([privWithoutKid]),
  });
  expect(code).toBe(1);
  expect(lines.map((l) => l.trim().split(':')[0])).toEqual(['AUTH_PORT', 'CORS_ORIGINS', 'JWT_PRIVATE_KEYS']);
  expect(output).not.toContain(d);
});

const mysql = 'mysql://root@127.0.0.1:3306/gc';
const cores = navigator.hardwareConcurrency;

test('workers: one process on the embedded database, two on a configured one, or as set', () => {
  expect(loadEnv({}).AUTH_WORKERS).toBe(1);
  expect(loadEnv({ DATABASE_URL: mysql }).AUTH_WORKERS).toBe(2);
  expect(loadEnv({ DATABASE_URL: mysql, AUTH_WORKERS: '4' }).AUTH_WORKERS).toBe(4);
  expectConfigRejected(loadEnv, { field: 'AUTH_WORKERS', value: '0' });
});

test('hash concurrency: the cores shared out between the workers unless set', () => {
  expect(loadEnv({}).HASH_CONCURRENCY).toBe(cores);
  expect(loadEnv({ DATABASE_URL: mysql }).HASH_CONCURRENCY).toBe(Math.ceil(cores / 2));
  expect(loadEnv({ DATABASE_URL: mysql, HASH_CONCURRENCY: '3' }).HASH_CONCURRENCY).toBe(3);
});
