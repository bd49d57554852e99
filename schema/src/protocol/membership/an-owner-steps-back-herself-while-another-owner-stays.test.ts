import { describe, expect, it } from 'vitest';
import { ready, toBase64Url } from '../../crypto/index.ts';
import { createOwnershipAccept, createOwnershipOffer, createRoleChange } from './create-member-events.ts';
import { ownersOf, personOf } from './state.ts';
import { validateLog } from './validate-log.ts';
import { handoverWorld } from './testing/handover-world.ts';

const s = await ready();
const T0 = Date.UTC(2026, 5, 1, 9, 0);

describe('an owner steps back herself', () => {
  it('the professional lowers her own role once the chair is co-owner; the log and every reader agree', () => {
    const w = handoverWorld(s, T0);
    const proId = w.pro.sign.publicKey;
    const chairId = w.chair.sign.publicKey;
    w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: chairId, now: w.log.tick() }));
    w.log.add(createOwnershipAccept(s, w.log.state, { device: w.chairTablet, now: w.log.tick() }));

    w.log.add(createRoleChange(s, w.log.state, { owner: w.pro, person: proId, role: 'editor', now: w.log.tick() }));

    const state = validateLog(s, w.log.events, w.log.now + 1);
    expect(personOf(state, proId)?.role).toBe('editor');
    expect(ownersOf(state).map((p) => toBase64Url(p.personId))).toEqual([toBase64Url(chairId)]);
    const last = state.history.at(-1);
    expect(last?.type).toBe('set-role');
    expect(toBase64Url(last?.actor ?? new Uint8Array())).toBe(toBase64Url(proId));
    expect(toBase64Url(last?.subject ?? new Uint8Array())).toBe(toBase64Url(proId));
  });

  it('the last owner still cannot step back: the plan always keeps an owner', () => {
    const w = handoverWorld(s, T0);
    expect(() => createRoleChange(s, w.log.state, { owner: w.pro, person: w.pro.sign.publicKey, role: 'editor', now: w.log.tick() })).toThrow(
      /last owner cannot step down/,
    );
  });
});
