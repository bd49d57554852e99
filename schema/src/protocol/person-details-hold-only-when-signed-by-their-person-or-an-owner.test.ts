import { describe, expect, it } from 'vitest';
import { generateDeviceKeys, generatePlanId, ready, SIGN_DOMAINS, signDetached, type DeviceKeys } from '../crypto/index.ts';
import { createOwnershipAccept, createOwnershipOffer, createRoleChange } from './membership/create-member-events.ts';
import { createRemoval } from './membership/create-rotation-events.ts';
import { handoverWorld } from './membership/testing/handover-world.ts';
import {
  checkPersonDetails,
  decodePersonDetails,
  encodePersonDetails,
  MAX_DETAIL_CHARS,
  openPersonDetails,
  signPersonDetails,
  type PersonDetails,
} from './person-details.ts';
import type { MembershipState } from './membership/state.ts';

const s = await ready();
const T0 = Date.UTC(2026, 5, 1, 9, 0);
const CHAIR: PersonDetails = { displayName: 'Chris', relation: 'buurman', phone: '06 12345678', at: T0 };

const sign = (state: MembershipState, person: DeviceKeys, signer: DeviceKeys, details = CHAIR) =>
  signPersonDetails(s, { planId: state.planId, personId: person.sign.publicKey, details, signer: signer.sign });
const verdict = (state: MembershipState, person: DeviceKeys, bytes: Uint8Array) => {
  const c = checkPersonDetails(s, state, person.sign.publicKey, bytes);
  return c.ok ? 'ok' : c.reason;
};

describe('signed person details', () => {
  it('round-trip exactly, and hold when signed by a device of the person (also a linked one) or by an owner', () => {
    const w = handoverWorld(s, T0);
    const bytes = sign(w.log.state, w.chair, w.chair);
    expect(openPersonDetails(s, bytes)).toEqual({
      ...CHAIR,
      planId: w.log.state.planId,
      personId: w.chair.sign.publicKey,
      signer: w.chair.sign.publicKey,
      signature: expect.any(Uint8Array),
    });
    expect(encodePersonDetails(decodePersonDetails(bytes))).toEqual(bytes);
    expect(verdict(w.log.state, w.chair, bytes)).toBe('ok');
    expect(verdict(w.log.state, w.chair, sign(w.log.state, w.chair, w.chairTablet))).toBe('ok');
    expect(verdict(w.log.state, w.chair, sign(w.log.state, w.chair, w.pro))).toBe('ok');
  });

  it('are refused when another member (not an owner) signed them for someone else', () => {
    const w = handoverWorld(s, T0);
    expect(verdict(w.log.state, w.chair, sign(w.log.state, w.chair, w.parent))).toBe('not-allowed');
    expect(verdict(w.log.state, w.chair, sign(w.log.state, w.chair, w.youthPro))).toBe('not-allowed');
    expect(verdict(w.log.state, w.chair, sign(w.log.state, w.chair, generateDeviceKeys(s)))).toBe('not-allowed');
  });

  it('are refused with a tampered signature or field, or a swapped person id or plan', () => {
    const w = handoverWorld(s, T0);
    const good = decodePersonDetails(sign(w.log.state, w.chair, w.chair));
    const signature = good.signature.slice();
    signature[0]! ^= 1;
    expect(verdict(w.log.state, w.chair, encodePersonDetails({ ...good, signature }))).toBe('bad-signature');
    expect(verdict(w.log.state, w.chair, encodePersonDetails({ ...good, phone: '06 66666666' }))).toBe('bad-signature');
    expect(verdict(w.log.state, w.chair, encodePersonDetails({ ...good, at: good.at + 1 }))).toBe('bad-signature');
    // The chair's signed entry put under the parent, as it is or with the person id changed.
    expect(verdict(w.log.state, w.parent, encodePersonDetails(good))).toBe('other-person');
    expect(verdict(w.log.state, w.parent, encodePersonDetails({ ...good, personId: w.parent.sign.publicKey }))).toBe('bad-signature');
    // Signed by the chair for another plan.
    const elsewhere = signPersonDetails(s, { planId: generatePlanId(s), personId: w.chair.sign.publicKey, details: CHAIR, signer: w.chair.sign });
    expect(verdict(w.log.state, w.chair, elsewhere)).toBe('other-plan');
  });

  it('are bound to their signature domain: the same bytes signed for anything else do not verify', () => {
    const w = handoverWorld(s, T0);
    const good = decodePersonDetails(sign(w.log.state, w.chair, w.chair));
    // The signed message is the record without its signature (an empty one adds one length byte).
    const message = encodePersonDetails({ ...good, signature: new Uint8Array(0) }).subarray(0, -1);
    expect(verdict(w.log.state, w.chair, encodePersonDetails({ ...good, signature: signDetached(s, SIGN_DOMAINS.personDetails, message, w.chair.sign.privateKey) }))).toBe('ok');
    for (const domain of [SIGN_DOMAINS.memberEvent, SIGN_DOMAINS.endorsement, SIGN_DOMAINS.envelope]) {
      const signature = signDetached(s, domain, message, w.chair.sign.privateKey);
      expect(verdict(w.log.state, w.chair, encodePersonDetails({ ...good, signature }))).toBe('bad-signature');
    }
  });

  it('of a removed person stay theirs, but what their device signed for others is refused', () => {
    const w = handoverWorld(s, T0);
    const own = sign(w.log.state, w.youthPro, w.youthPro);
    const forParent = sign(w.log.state, w.parent, w.youthPro);
    w.log.add(createRemoval(s, w.log.state, { owner: w.pro, subject: w.youthPro.sign.publicKey, scope: 'person', now: w.log.tick() }));
    expect(verdict(w.log.state, w.youthPro, own)).toBe('ok');
    expect(verdict(w.log.state, w.parent, forParent)).toBe('not-allowed');
    expect(verdict(w.log.state, w.parent, sign(w.log.state, w.parent, w.youthPro))).toBe('not-allowed');
  });

  it('signed by an owner for someone else stop holding once that device is no owner any more', () => {
    const w = handoverWorld(s, T0);
    const byPro = sign(w.log.state, w.parent, w.pro);
    expect(verdict(w.log.state, w.parent, byPro)).toBe('ok');
    w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: w.chair.sign.publicKey, now: w.log.tick() }));
    w.log.add(createOwnershipAccept(s, w.log.state, { device: w.chair, now: w.log.tick() }));
    w.log.add(createRoleChange(s, w.log.state, { owner: w.chair, person: w.pro.sign.publicKey, role: 'editor', now: w.log.tick() }));
    expect(verdict(w.log.state, w.parent, byPro)).toBe('not-allowed');
    expect(verdict(w.log.state, w.parent, sign(w.log.state, w.parent, w.chairTablet))).toBe('ok');
  });

  it('decode whole or are malformed: truncated, trailing, unknown format, too long, not bytes', () => {
    const w = handoverWorld(s, T0);
    const bytes = sign(w.log.state, w.chair, w.chair);
    expect(verdict(w.log.state, w.chair, bytes.subarray(0, bytes.length - 1))).toBe('malformed');
    expect(verdict(w.log.state, w.chair, new Uint8Array([...bytes, 0]))).toBe('malformed');
    expect(verdict(w.log.state, w.chair, new Uint8Array([2, ...bytes.subarray(1)]))).toBe('malformed');
    expect(verdict(w.log.state, w.chair, new Uint8Array(0))).toBe('malformed');
    expect(verdict(w.log.state, w.chair, new Uint8Array(5000))).toBe('malformed');
    expect(verdict(w.log.state, w.chair, { displayName: 'Chris' } as unknown as Uint8Array)).toBe('malformed');
    const long = { ...decodePersonDetails(bytes), phone: '1'.repeat(MAX_DETAIL_CHARS + 1) };
    expect(verdict(w.log.state, w.chair, encodePersonDetails(long))).toBe('malformed');
    expect(() => sign(w.log.state, w.chair, w.chair, { ...CHAIR, displayName: 'x'.repeat(MAX_DETAIL_CHARS + 1) })).toThrow(/longer than/);
    expect(() => sign(w.log.state, w.chair, w.chair, { ...CHAIR, displayName: 'x'.repeat(MAX_DETAIL_CHARS) })).not.toThrow();
  });
});
