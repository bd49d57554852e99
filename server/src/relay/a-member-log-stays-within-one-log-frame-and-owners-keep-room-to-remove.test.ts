import { generateDeviceKeys, ready } from '@safeplan/schema/crypto';
import { createDeviceLink, createInvite, createRemoval, decodeRelayFrame, encodeRelayFrame, MAX_FRAME_BYTES, type MembershipState } from '@safeplan/schema/protocol';
import { describe, expect, it } from 'vitest';
import type { PlanRecord } from '../auth/plan-authority.ts';
import { DEFAULT_LIMITS } from './context.ts';
import { logRoomRefusal } from './member-log-room.ts';
import { relayPerTest } from '../testing/relay-per-test.ts';
import { inviteAndJoin, newTestPlan, type RelayTestClient } from '../testing/relay-test-client.ts';

const sodium = await ready();
const { client, start } = relayPerTest(sodium);

/** Sends a member event: the relay's `log` frame (appended) or its `error`. */
async function append(c: RelayTestClient, planId: Uint8Array, event: Uint8Array) {
  c.send({ type: 'member-event', planId, event });
  return c.next();
}

describe('a member log stays within one log frame, and owners keep room to remove whoever filled it', () => {
  it('a reader linking device after device is stopped at three quarters; the owner still removes her, then the log is full', async () => {
    await start({ limits: { maxLogEvents: 12 } });
    const owner = await client();
    const reader = await client();
    const plan = newTestPlan(sodium, owner.device);
    const joined = inviteAndJoin(sodium, plan, owner.device, reader.device, { role: 'reader' });
    for (const event of [plan.genesis, joined.invite, joined.join]) expect(await append(owner, plan.planId, event)).toMatchObject({ type: 'log' });

    // Any member may link devices to her own person; each is an event every device validates.
    let state: MembershipState = joined.state;
    let refused;
    for (let i = 0; i < 20 && !refused; i++) {
      const d = generateDeviceKeys(sodium);
      const link = createDeviceLink(sodium, state, { device: reader.device, epochKey: plan.epochKey, newDevice: { signKey: d.sign.publicKey, boxKey: d.box.publicKey }, now: Date.now() });
      const answer = await append(reader, plan.planId, link.event);
      if (answer.type === 'log') state = link.state;
      else refused = answer;
    }
    expect(refused).toMatchObject({ type: 'error', code: 'invalid-event', detail: expect.stringContaining('only an owner') });
    expect(state.length).toBe(9); // three quarters of 12

    const removal = createRemoval(sodium, state, { owner: owner.device, subject: reader.device.sign.publicKey, scope: 'person', now: Date.now(), clockOf: () => 0 });
    expect(await append(owner, plan.planId, removal.event)).toMatchObject({ type: 'log', events: [removal.event] });
    state = removal.state;
    for (let i = 0; i < 2; i++) {
      const invite = createInvite(sodium, state, { inviter: owner.device, epochKey: removal.epochKey, expiresAt: Date.now() + 3_600_000, now: Date.now() });
      expect(await append(owner, plan.planId, invite.event)).toMatchObject({ type: 'log' });
      state = invite.state;
    }
    const oneTooMany = createInvite(sodium, state, { inviter: owner.device, epochKey: removal.epochKey, expiresAt: Date.now() + 3_600_000, now: Date.now() });
    expect(await append(owner, plan.planId, oneTooMany.event)).toMatchObject({ type: 'error', code: 'invalid-event', detail: expect.stringContaining('log-full') });

    // The plan still opens: the whole log arrives in one frame.
    const later = await client();
    later.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    expect(await later.next('error')).toMatchObject({ code: 'not-a-member' });
    owner.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    expect((await owner.next('log')).events).toHaveLength(12);
  });

  it('bounds the log bytes to what one log frame carries, whatever the operator set', () => {
    const limits = { ...DEFAULT_LIMITS, maxLogEvents: 2000, maxLogBytes: 10 * 1024 * 1024 };
    const plan = { events: Array.from({ length: 1000 }, () => new Uint8Array(1040)), membership: {} } as unknown as PlanRecord;
    expect(logRoomRefusal(limits, plan, new Uint8Array(3000))).toMatchObject({ code: 'invalid-event', ownersOnly: false });
    // The fullest log it lets through (2000 events, the bytes bound) still reaches a client in one frame.
    const room = MAX_FRAME_BYTES - 64 - 3 * 2000;
    const events = Array.from({ length: 2000 }, (_, i) => new Uint8Array(Math.floor(room / 2000) + (i < room % 2000 ? 1 : 0)));
    const frame = encodeRelayFrame({ type: 'log', planId: new Uint8Array(16), events });
    expect(() => decodeRelayFrame(frame)).not.toThrow();
  });
});
