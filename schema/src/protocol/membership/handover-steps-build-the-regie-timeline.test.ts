import { describe, expect, it } from 'vitest';
import { ready, toBase64Url } from '../../crypto/index.ts';
import { createOwnershipAccept, createOwnershipOffer, createRoleChange } from './create-member-events.ts';
import { createCaseClose } from './create-rotation-events.ts';
import { mayPublish, ROLES, type Role } from './event-types.ts';
import { handoverAdvice, type PlanFacts } from './handover-advice.ts';
import { ownersOf, pendingOffers, personOf } from './state.ts';
import { validateLog } from './validate-log.ts';
import { handoverWorld } from './testing/handover-world.ts';

const s = await ready();

const T0 = Date.UTC(2026, 5, 1, 9, 0);
const READY: PlanFacts = { activeNetworkMembers: 3, youngPeopleWithoutSafetyPerson: 0, whoToCallListed: true };
const codes = (advice: { code: string }[]) => advice.map((a) => a.code);

describe('the hand-over to the network chair', () => {
  it('runs in four signed steps, each on the regie timeline with who did it and when', () => {
    const w = handoverWorld(s, T0);
    const id = toBase64Url;
    const chairId = w.chair.sign.publicKey;
    // (1) the professional owns the plan, the chair edits.
    expect(ownersOf(w.log.state).map((p) => id(p.personId))).toEqual([id(w.pro.sign.publicKey)]);
    expect(personOf(w.log.state, chairId)).toMatchObject({ role: 'editor', kind: 'network', devices: [chairId, w.chairTablet.sign.publicKey] });
    expect(codes(handoverAdvice(w.log.state, READY))).toEqual(['no-network-owner']);

    // (2) the chair becomes co-owner: offer, then accept (from the tablet: same person).
    w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: chairId, now: w.log.tick() }));
    expect(pendingOffers(w.log.state)).toHaveLength(1);
    expect(codes(handoverAdvice(w.log.state, READY))).toEqual(['no-network-owner', 'offer-pending']);
    w.log.add(createOwnershipAccept(s, w.log.state, { device: w.chairTablet, now: w.log.tick() }));
    expect(ownersOf(w.log.state)).toHaveLength(2);
    expect(pendingOffers(w.log.state)).toHaveLength(0);

    // (3) the chair leads; the professional steps back to reader (an owner is demoted by another owner).
    w.log.add(createRoleChange(s, w.log.state, { owner: w.chair, person: w.pro.sign.publicKey, role: 'reader', now: w.log.tick() }));
    expect(ownersOf(w.log.state).map((p) => id(p.personId))).toEqual([id(chairId)]);
    expect(handoverAdvice(w.log.state, READY)).toEqual([]);

    // (4) the chair closes the case: professionals leave, the key rotates.
    const closedAt = w.log.tick();
    w.log.add(createCaseClose(s, w.log.state, { owner: w.chair, now: closedAt }));
    const state = validateLog(s, w.log.events, closedAt + 1);
    expect(state.closed).toBe(true);
    expect(handoverAdvice(state, READY)).toEqual([{ code: 'case-closed', blocks: true }]);

    const timeline = state.history.map((h) => `${h.type} by ${id(h.actor).slice(0, 4)}`);
    expect(timeline.slice(-4)).toEqual([
      `offer-ownership by ${id(w.pro.sign.publicKey).slice(0, 4)}`,
      `accept-ownership by ${id(chairId).slice(0, 4)}`,
      `set-role by ${id(chairId).slice(0, 4)}`,
      `close-case by ${id(chairId).slice(0, 4)}`,
    ]);
    const close = state.history.at(-1);
    expect(close?.timestamp).toBe(closedAt);
    expect(close?.epoch).toBe(1);
    expect(close?.removed?.map(id).sort()).toEqual([w.pro.sign.publicKey, w.youthPro.sign.publicKey].map(id).sort());
    expect(state.history[0]?.type).toBe('create');
    expect(state.history).toHaveLength(state.length);
  });

  it('advises what the method still misses before closing, from plain facts', () => {
    const w = handoverWorld(s, T0);
    w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: w.parent.sign.publicKey, now: w.log.tick() }));
    w.log.add(createOwnershipAccept(s, w.log.state, { device: w.parent, now: w.log.tick() }));
    const advice = handoverAdvice(w.log.state, { activeNetworkMembers: 2, youngPeopleWithoutSafetyPerson: 1, whoToCallListed: false });
    expect(advice).toEqual([
      { code: 'few-network-members', active: 2, minimum: 3, blocks: false },
      { code: 'no-safety-person', count: 1, blocks: false },
      { code: 'no-who-to-call', blocks: false },
    ]);
  });
});

describe('what each role may publish, per channel', () => {
  const table: Record<Role, [plan: boolean, contributions: boolean]> = {
    owner: [true, true],
    editor: [true, true],
    contributor: [false, true],
    reader: [false, false],
  };
  it.each(Object.keys(ROLES) as Role[])('%s', (role) => {
    expect([mayPublish(role, 'plan'), mayPublish(role, 'contributions')]).toEqual(table[role]);
    // Without a channel it is the plan, as v1 callers expect.
    expect(mayPublish(role)).toBe(table[role][0]);
  });
});
