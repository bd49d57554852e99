import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from '../route.ts';
import { recoveryLink } from './recovery-link.ts';

describe('the recovery kit’s QR link', () => {
  it('opens the recover screen with the code filled in; the route the app keeps holds no code', () => {
    const code = '9FJ6-BK7X-P12T-RBN3-BWHS-KTF6-PYTR-77P8-4MP9-HRR2-9NDD-AA62-EWWD-KG0';
    const link = recoveryLink('https://safeplan.test/', code);
    expect(link).toBe(`https://safeplan.test/#/recover/${code}`);
    const route = parseRoute(new URL(link).hash);
    expect(route).toEqual({ name: 'recover', code });
    expect(routeHash(route)).toBe('#/recover');
    expect(parseRoute('#/recover')).toEqual({ name: 'recover', code: '' });
    // Anything else after the path is not a code: the home screen, as for any unknown address.
    expect(parseRoute('#/recover/<script>')).toEqual({ name: 'home' });
  });
});
