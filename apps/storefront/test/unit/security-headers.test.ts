import { expect, test } from 'bun:test';
import nextConfig from '../../next.config';

test('no page of the shop can be framed by another site (its forms would be clickjacked)', async () => {
  const rules = (await nextConfig.headers?.()) ?? [];
  const everyPage = rules.find((r) => r.source === '/:path*');
  const headers = new Map(everyPage?.headers.map((h) => [h.key.toLowerCase(), h.value]));
  expect(headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
  expect(headers.get('x-frame-options')).toBe('DENY');
});
