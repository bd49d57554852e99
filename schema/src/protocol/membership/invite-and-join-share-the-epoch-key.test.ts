import { expect, it } from 'vitest';
import { generateDeviceKeys, ready, toBase64Url } from '../../crypto/index.ts';
import { createGenesis, createInvite, createJoin } from './create-events.ts';
import { appendEvent, validateLog } from './validate-log.ts';
import { openEpochKey } from './epoch-key.ts';
import { memberOf, pendingInvites } from './state.ts';
import { ProtocolError } from '../errors.ts';

const s = await ready();

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const HOUR = 3600_000;

it('create → invite → join: both devices are members and open the same epoch key', () => {
  const owner = generateDeviceKeys(s);
  const joiner = generateDeviceKeys(s);
  const g = createGenesis(s, { device: owner, now: T0 });
  expect(g.state.members.size).toBe(1);
  expect(memberOf(g.state, owner.sign.publicKey)?.role).toBe('owner');
  expect(openEpochKey(s, g.state, 0, owner.box)).toEqual(g.epochKey);

  const inv = createInvite(s, g.state, { inviter: owner, epochKey: g.epochKey, expiresAt: T0 + 48 * HOUR, now: T0 + HOUR });
  expect(pendingInvites(inv.state, T0 + HOUR)).toHaveLength(1);
  expect(pendingInvites(inv.state, T0 + 49 * HOUR)).toHaveLength(0);
  // The relay appends exactly what the owner made.
  const relayState = appendEvent(s, g.state, inv.event, T0 + HOUR);
  expect(relayState.head).toEqual(inv.state.head);

  // The joiner only has the secret (from the link) and the log (from the relay).
  const seenByJoiner = validateLog(s, [g.event, inv.event], T0 + 2 * HOUR);
  const join = createJoin(s, seenByJoiner, { secret: inv.secret, device: joiner, now: T0 + 2 * HOUR });
  expect(join.epochKey).toEqual(g.epochKey);

  const full = validateLog(s, [g.event, inv.event, join.event], T0 + 3 * HOUR);
  expect(full.length).toBe(3);
  expect(full.head).toEqual(join.state.head);
  const member = memberOf(full, joiner.sign.publicKey);
  expect(member?.role).toBe('editor');
  expect(member?.boxKey).toEqual(joiner.box.publicKey);
  expect(toBase64Url(member?.invitedBy ?? new Uint8Array())).toBe(toBase64Url(owner.sign.publicKey));
  expect(openEpochKey(s, full, 0, joiner.box)).toEqual(g.epochKey);
  expect(openEpochKey(s, full, 0, owner.box)).toEqual(g.epochKey);
  expect(pendingInvites(full, T0 + 3 * HOUR)).toHaveLength(0);
});

it('a device without a sealed key gets no-epoch-key; a used or expired invite cannot be joined', () => {
  const owner = generateDeviceKeys(s);
  const g = createGenesis(s, { device: owner, now: T0 });
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ProtocolError) return `${e.code} ${e.detail}`;
      throw e;
    }
    return 'no error';
  };
  expect(code(() => openEpochKey(s, g.state, 0, generateDeviceKeys(s).box))).toMatch(/^no-epoch-key/);
  expect(code(() => openEpochKey(s, g.state, 1, owner.box))).toMatch(/^no-epoch-key/);

  const inv = createInvite(s, g.state, { inviter: owner, epochKey: g.epochKey, expiresAt: T0 + HOUR, now: T0 });
  const first = createJoin(s, inv.state, { secret: inv.secret, device: generateDeviceKeys(s), now: T0 + 1000 });
  expect(code(() => createJoin(s, first.state, { secret: inv.secret, device: generateDeviceKeys(s), now: T0 + 2000 }))).toBe(
    'invalid-event invite already used',
  );
  expect(code(() => createJoin(s, inv.state, { secret: inv.secret, device: generateDeviceKeys(s), now: T0 + 2 * HOUR }))).toBe(
    'invalid-event invite expired',
  );
});
