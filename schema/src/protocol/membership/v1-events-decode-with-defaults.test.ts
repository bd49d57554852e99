import { describe, expect, it } from 'vitest';
import { generateDeviceKeys, generateEpochKey, ready, sealEpochKey } from '../../crypto/index.ts';
import { createGenesis, createInvite, createJoin } from './create-events.ts';
import { decodeEvent, encodeUnsignedEvent, EVENT_VERSION, EVENT_VERSION_2, type EventBody } from './event-codec.ts';
import { memberOf } from './state.ts';
import { validateLog } from './validate-log.ts';

const s = await ready();

const T0 = Date.UTC(2026, 0, 5, 9, 0);

describe('event versions', () => {
  it('create and invite without a profile are written as v1 and their members count as network', () => {
    const owner = generateDeviceKeys(s);
    const joiner = generateDeviceKeys(s);
    const g = createGenesis(s, { device: owner, now: T0 });
    const inv = createInvite(s, g.state, { inviter: owner, epochKey: g.epochKey, expiresAt: T0 + 3_600_000, now: T0 });
    const join = createJoin(s, inv.state, { secret: inv.secret, device: joiner, now: T0 + 1 });
    for (const ev of [g.event, inv.event, join.event]) expect(decodeEvent(ev).version).toBe(EVENT_VERSION);
    const invite = decodeEvent(inv.event).body;
    expect(invite.type === 'invite' && invite.kind).toBe(undefined);
    const state = validateLog(s, [g.event, inv.event, join.event], T0 + 2);
    expect(memberOf(state, owner.sign.publicKey)).toMatchObject({ kind: 'network', role: 'owner' });
    expect(memberOf(state, joiner.sign.publicKey)).toMatchObject({ kind: 'network', role: 'editor', personId: joiner.sign.publicKey });
    expect(memberOf(state, joiner.sign.publicKey)?.function).toBeUndefined();
  });

  it('a profile makes create and invite v2, and the joiner takes the invite\'s kind and function', () => {
    const owner = generateDeviceKeys(s);
    const joiner = generateDeviceKeys(s);
    const g = createGenesis(s, { device: owner, now: T0, profile: { kind: 'household' } });
    const inv = createInvite(s, g.state, {
      inviter: owner,
      epochKey: g.epochKey,
      expiresAt: T0 + 3_600_000,
      now: T0,
      role: 'reader',
      profile: { kind: 'professional', function: 'veilig-thuis' },
    });
    expect(decodeEvent(g.event).version).toBe(EVENT_VERSION_2);
    expect(decodeEvent(inv.event).version).toBe(EVENT_VERSION_2);
    const join = createJoin(s, inv.state, { secret: inv.secret, device: joiner, now: T0 + 1 });
    expect(memberOf(join.state, owner.sign.publicKey)?.kind).toBe('household');
    expect(memberOf(join.state, joiner.sign.publicKey)).toMatchObject({ kind: 'professional', function: 'veilig-thuis', role: 'reader' });
  });

  it('every new event type survives encode and decode', () => {
    const k = () => generateDeviceKeys(s).sign.publicKey;
    const box = generateDeviceKeys(s).box.publicKey;
    const sealed = sealEpochKey(s, generateEpochKey(s), box);
    const bodies: EventBody[] = [
      { type: 'set-role', person: k(), role: 'contributor' },
      { type: 'offer-ownership', person: k(), withdraw: false },
      { type: 'offer-ownership', person: k(), withdraw: true },
      { type: 'accept-ownership', person: k() },
      { type: 'remove', subject: k(), scope: 'device', epoch: 3, sealedKeys: [{ boxKey: box, sealed }] },
      { type: 'link-device', person: k(), deviceKey: k(), boxKey: box, sealedEpochKey: sealed },
      { type: 'rotate-key', epoch: 1, sealedKeys: [] },
      { type: 'close-case', epoch: 2, sealedKeys: [{ boxKey: box, sealed }] },
      { type: 'revoke-invite', inviteKey: k() },
    ];
    for (const body of bodies) {
      const fields = { planId: new Uint8Array(16).fill(1), prev: new Uint8Array(32).fill(2), signer: k(), timestamp: T0, body };
      const bytes = new Uint8Array([...encodeUnsignedEvent(fields), 64, ...new Uint8Array(64)]);
      const decoded = decodeEvent(bytes);
      expect(decoded.version).toBe(EVENT_VERSION_2);
      expect(decoded.body).toEqual(body);
    }
  });
});
