import { expect, test } from 'bun:test';
import { Hono } from 'hono';
import { clientIp } from '../src/context';

const ipSeen = async (hops: number, forwardedFor?: string) => {
  const app = new Hono().get('/', (c) => c.text(clientIp(c, hops)));
  const res = await app.request('/', {
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  });
  return res.text();
};

test('behind one proxy: the entry it appended (rightmost), whatever the client put before it', async () => {
  expect(await ipSeen(1, '198.51.100.7')).toBe('198.51.100.7');
  expect(await ipSeen(1, '1.2.3.4, 198.51.100.7')).toBe('198.51.100.7');
  expect(await ipSeen(1, ' 9.9.9.9 ,8.8.8.8,  198.51.100.7 ')).toBe('198.51.100.7');
});

test('behind two proxies: the entry the outer one appended, second from the right', async () => {
  expect(await ipSeen(2, 'spoofed, 198.51.100.7, 10.0.0.2')).toBe('198.51.100.7');
  // Fewer entries than proxies: the leftmost is the furthest address known.
  expect(await ipSeen(2, '198.51.100.7')).toBe('198.51.100.7');
});

test('no proxy trusted, or no usable header: the socket address (none under app.request)', async () => {
  expect(await ipSeen(0, '1.2.3.4')).toBe('unknown');
  expect(await ipSeen(1)).toBe('unknown');
  expect(await ipSeen(1, ' , ')).toBe('unknown');
});
