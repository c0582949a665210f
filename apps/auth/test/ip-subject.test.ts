import { expect, test } from 'bun:test';
import { ipSubject } from '../src/services/ip-subject';

test('IPv6 addresses count per /64: rotating the interface part does not make a new subject', () => {
  const a = ipSubject('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
  expect(a).toBe('2001:db8:1:2::/64');
  expect(ipSubject('2001:db8:1:2::1')).toBe(a);
  expect(ipSubject('2001:0DB8:0001:0002:ffff::')).toBe(a);
  expect(ipSubject('[2001:db8:1:2::7]:443')).toBe(a);
  expect(ipSubject('2001:db8:1:2::7%eth0')).toBe(a);
  expect(ipSubject('2001:db8:1:3::1')).not.toBe(a);
  expect(ipSubject('::1')).toBe('0:0:0:0::/64');
  expect(ipSubject('2001:db8::1.2.3.4')).toBe('2001:db8:0:0::/64');
});

test('IPv4: a port a proxy wrote is dropped, an IPv4-mapped IPv6 address is the IPv4 one', () => {
  expect(ipSubject('198.51.100.7')).toBe('198.51.100.7');
  expect(ipSubject('198.51.100.7:50123')).toBe('198.51.100.7');
  expect(ipSubject('::ffff:198.51.100.7')).toBe('198.51.100.7');
});

test('anything else is counted as written', () => {
  expect(ipSubject('unknown')).toBe('unknown');
  expect(ipSubject('not an ip:80')).toBe('not an ip:80');
});
