import { describe, expect, it } from 'vitest';
import { formatInviteLink, parseInviteLink } from '../sync/invite-link.ts';
import { parseRoute, routeHash } from './route.ts';

const secret = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256);

describe('invite links', () => {
  it('open the join screen with the whole fragment, which the engine can read back', () => {
    const link = formatInviteLink('https://plan.example', 'PlanId_-9', secret);
    const hash = new URL(link).hash;
    const route = parseRoute(hash);
    expect(route).toEqual({ name: 'join', invite: hash });
    if (route.name !== 'join') throw new Error('not a join route');
    // What the join screen hands to the engine: the app's origin plus the fragment.
    const parsed = parseInviteLink(`https://plan.example/${route.invite}`);
    expect(parsed.planId).toBe('PlanId_-9');
    expect([...parsed.secret]).toEqual([...secret]);
    expect(routeHash(route)).toBe(hash);
  });

  it('that are cut short still open the join screen, so it can say the link is broken', () => {
    expect(parseRoute('#/join/PlanId')).toEqual({ name: 'join', invite: '#/join/PlanId' });
    expect(parseRoute('#/join/PlanId#invite=abc')).toEqual({ name: 'join', invite: '#/join/PlanId#invite=abc' });
    expect(() => parseInviteLink('https://plan.example/#/join/PlanId#invite=abc')).toThrow();
  });

  it('do not change the other routes', () => {
    expect(parseRoute('#/plan/abc')).toEqual({ name: 'plan', planId: 'abc' });
    expect(parseRoute('#/joined')).toEqual({ name: 'home' });
    expect(parseRoute('#/')).toEqual({ name: 'home' });
  });
});
