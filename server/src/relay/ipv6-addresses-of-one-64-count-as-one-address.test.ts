import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey } from '../http/address-key.ts';
import { addressOf, createAdmission } from './admission.ts';
import { DEFAULT_LIMITS } from './context.ts';

/** An upgrade request from `remoteAddress`, as the admission sees it (no Origin: not a browser). */
const from = (remoteAddress: string) => ({ socket: { remoteAddress }, headers: {} }) as unknown as IncomingMessage;

describe('IPv6 addresses of one /64 count as one address', () => {
  it('refuses the next logged-out socket of a /64 however many of its addresses it comes from', () => {
    const admission = createAdmission({ ...DEFAULT_LIMITS, maxUnauthenticatedPerAddress: 2 });
    // One home connection: every device and every socket may take another address of the same /64.
    admission.opened(addressOf(from('2001:db8:aa:1::1')));
    admission.opened(addressOf(from('2001:db8:aa:1:8c2e:11ff:fe3a:77')));
    expect(admission.check(from('2001:0db8:00aa:0001:ffff:ffff:ffff:ffff'), 2)).toMatchObject({ status: 429, code: 'too-many-unauthenticated' });
    // The neighbouring /64 and IPv4 peers are others.
    expect(admission.check(from('2001:db8:aa:2::1'), 2)).toBeNull();
    expect(admission.check(from('192.0.2.7'), 2)).toBeNull();
  });

  it('counts an IPv4-mapped address as its IPv4 address', () => {
    expect(addressKey('::ffff:192.0.2.7')).toBe(addressKey('192.0.2.7'));
    expect(addressKey('2001:db8:aa:1::1')).toBe(addressKey('2001:db8:aa:1:ffff::'));
    expect(addressKey('2001:db8:aa:1::1')).not.toBe(addressKey('2001:db8:aa:2::1'));
  });
});
