import { expect, test } from 'bun:test';
import { parseEnv } from '../../src/env';
import { formatPrice } from '../../src/lib/money';

test('service URLs default to the local ports and lose a trailing slash', () => {
  const env = parseEnv({ CATALOG_URL: 'http://catalog:9000/' });
  expect(env.AUTH_URL).toBe('http://127.0.0.1:8081');
  expect(env.CATALOG_URL).toBe('http://catalog:9000');
  expect(env.STOREFRONT_PORT).toBe(3000);
});

test('a bad value names its field', () => {
  expect(() => parseEnv({ CART_URL: 'ftp://x', STOREFRONT_PORT: '99999' })).toThrow(
    /CART_URL: must be an http\(s\) URL[\s\S]*STOREFRONT_PORT: must be a port number/,
  );
});

test('prices show two decimals in the API currency', () => {
  expect(formatPrice(17.2, 'USD').replace(/\s/g, ' ')).toMatch(/17,20/);
  expect(formatPrice(5, 'EUR')).toMatch(/5,00/);
  expect(formatPrice(5, 'EUR')).toMatch(/EUR|€/);
});
