import { isIPv6 } from 'node:net';

/**
 * The key under which the relay counts a peer's sockets, logged-out sockets and new plans: the
 * IPv4 address, or the /64 network of an IPv6 address. One IPv6 subscriber gets a whole /64 (2^64
 * addresses) and picks any of them per socket, so counting by full address bounded nothing for
 * them. An IPv4-mapped address (`::ffff:1.2.3.4`, a dual-stack socket) counts as its IPv4 address.
 * A holder of a shorter prefix (/56, /48) still has 256 or 65,536 such keys.
 */
export function addressKey(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (mapped) return mapped[1] as string;
  if (!isIPv6(remoteAddress)) return remoteAddress;
  return `${networkOf(remoteAddress)}::/64`;
}

/** The first four groups of an IPv6 address, each in its short lower-case form. */
function networkOf(address: string): string {
  const [head = '', tail = ''] = address.split('%')[0]!.toLowerCase().split('::') as [string?, string?];
  const left = head === '' ? [] : head.split(':');
  const right = address.includes('::') && tail !== '' ? tail.split(':') : [];
  // An embedded IPv4 tail (a.b.c.d) is two groups; it lies in the last 64 bits, so it never matters here.
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const zeros = address.includes('::') ? Array<string>(8 - width(left) - width(right)).fill('0') : [];
  return [...left, ...zeros, ...right].slice(0, 4).map((g) => (g.includes('.') ? g : Number.parseInt(g, 16).toString(16))).join(':');
}
