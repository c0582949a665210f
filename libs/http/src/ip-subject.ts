import { isIP } from 'node:net';

/**
 * Who a per-IP limit counts. One IPv6 subscriber gets a whole /64 (2^64 addresses), so an address
 * per request would escape any per-address limit: IPv6 counts per /64. A port some proxies write
 * (`1.2.3.4:5678`, `[2001:db8::1]:443`) changes with every connection, so it is dropped.
 */
export function ipSubject(address: string): string {
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  if (v4WithPort) return v4WithPort[1]!;
  const ip = address.replace(/^\[([^\]]+)\](?::\d+)?$/, '$1').replace(/%.*$/, '');
  if (isIP(ip) !== 6) return address;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  return `${firstGroups(ip, 4).join(':')}::/64`;
}

/** The first `n` of an IPv6 address's eight 16-bit groups, `::` expanded, without leading zeros. */
function firstGroups(ip: string, n: number): string[] {
  // A trailing dotted IPv4 part stands for the last two groups.
  const hex = ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [(a << 8) | b, (c << 8) | d].map((g) => g.toString(16)).join(':'),
  );
  const [head = '', tail] = hex.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.slice(0, n).map((g) => Number.parseInt(g, 16).toString(16));
}
