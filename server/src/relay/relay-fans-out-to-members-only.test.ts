import { deriveInviteKeys, generateDeviceKeys, ready } from '@safeplan/schema/crypto';
import { createInvite, createJoin } from '@safeplan/schema/protocol';
import { describe, expect, it } from 'vitest';
import type { TestRelay } from '../testing/relay.ts';
import { relayPerTest } from '../testing/relay-per-test.ts';
import { inviteAndJoin, newTestPlan, RelayTestClient, sealTestEnvelope } from '../testing/relay-test-client.ts';

const sodium = await ready();
const { clients, client, start } = relayPerTest(sodium);
let relay: TestRelay;

describe('the relay fans out to the plan members only', () => {
  it('creates a plan from its genesis, acks, and delivers to other members but not the sender or outsiders', async () => {
    relay = await start();
    const owner = await client();
    const plan = newTestPlan(sodium, owner.device);

    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    expect((await owner.next('log')).events).toEqual([plan.genesis]);
    owner.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    expect((await owner.next('log')).events).toEqual([plan.genesis]);
    expect((await owner.next('caught-up')).seq).toBe(0);

    const first = sealTestEnvelope(sodium, plan, owner.device, { clock: 1 });
    owner.send({ type: 'publish', envelope: first });
    const ack1 = await owner.next('ack');
    expect(ack1).toMatchObject({ clock: 1, seq: 1 });
    expect(ack1.planId).toEqual(plan.planId);

    const outsider = await client();
    outsider.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    const refused = await outsider.next('error');
    expect(refused.code).toBe('not-a-member');
    expect(refused.ref).toEqual(plan.planId);

    const joinerKeys = generateDeviceKeys(sodium);
    const { invite, join } = inviteAndJoin(sodium, plan, owner.device, joinerKeys);
    owner.send({ type: 'member-event', planId: plan.planId, event: invite });
    expect((await owner.next('log')).events).toEqual([invite]);
    const joiner = await RelayTestClient.authenticated(relay.wsUrl, sodium, joinerKeys);
    clients.push(joiner);
    joiner.send({ type: 'member-event', planId: plan.planId, event: join });
    expect((await joiner.next('log')).events).toEqual([join]);
    expect((await owner.next('log')).events).toEqual([join]);

    joiner.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    expect((await joiner.next('log')).events).toEqual([plan.genesis, invite, join]);
    const caughtUpDelivery = await joiner.next('deliver');
    expect(caughtUpDelivery.seq).toBe(1);
    expect(caughtUpDelivery.envelope).toEqual(first);
    expect((await joiner.next('caught-up')).seq).toBe(1);

    const second = sealTestEnvelope(sodium, plan, owner.device, { clock: 2 });
    owner.send({ type: 'publish', envelope: second });
    expect((await owner.next('ack')).seq).toBe(2);
    const live = await joiner.next('deliver');
    expect(live).toMatchObject({ seq: 2 });
    expect(live.envelope).toEqual(second);

    const fromJoiner = sealTestEnvelope(sodium, plan, joiner.device, { clock: 1 });
    joiner.send({ type: 'publish', envelope: fromJoiner });
    expect((await joiner.next('ack')).seq).toBe(3);
    expect((await owner.next('deliver')).envelope).toEqual(fromJoiner);

    expect(await outsider.silentFor(150)).toBe(true);
    expect(await owner.silentFor(0)).toBe(true);
    expect(await joiner.silentFor(0)).toBe(true);
  });

  it('relays presence to the other subscribers without storing it', async () => {
    relay = await start();
    const owner = await client();
    const plan = newTestPlan(sodium, owner.device);
    const joinerKeys = generateDeviceKeys(sodium);
    const { invite, join } = inviteAndJoin(sodium, plan, owner.device, joinerKeys);
    for (const event of [plan.genesis, invite]) {
      owner.send({ type: 'member-event', planId: plan.planId, event });
      await owner.next('log');
    }
    const joiner = await RelayTestClient.authenticated(relay.wsUrl, sodium, joinerKeys);
    clients.push(joiner);
    joiner.send({ type: 'member-event', planId: plan.planId, event: join });
    await joiner.next('log');
    for (const c of [owner, joiner]) await c.subscribeFromStart(plan.planId);

    const presence = sealTestEnvelope(sodium, plan, joiner.device, { clock: 0, kind: 'presence' });
    joiner.send({ type: 'presence', envelope: presence });
    expect((await owner.next('presence')).envelope).toEqual(presence);
    expect(await joiner.silentFor(100)).toBe(true);

    const late = await RelayTestClient.authenticated(relay.wsUrl, sodium, owner.device);
    clients.push(late);
    late.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    await late.next('log');
    expect(await late.next('caught-up')).toMatchObject({ seq: 0 });
  });

  it('refuses presence from a device that is not subscribed to the plan', async () => {
    relay = await start();
    const owner = await client();
    const plan = newTestPlan(sodium, owner.device);
    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await owner.next('log');
    const outsider = await client();
    const presence = sealTestEnvelope(sodium, plan, outsider.device, { clock: 0, kind: 'presence' });
    outsider.send({ type: 'presence', envelope: presence });
    const err = await outsider.next('error');
    expect(err.code).toBe('not-a-member');
    expect(err.ref).toEqual(plan.planId);
  });

  it('lets an invite key read the log to build its join, and nothing else', async () => {
    relay = await start();
    const owner = await client();
    const plan = newTestPlan(sodium, owner.device);
    const now = Date.now();
    const invite = createInvite(sodium, plan.state, { inviter: owner.device, epochKey: plan.epochKey, expiresAt: now + 60_000, now });
    for (const event of [plan.genesis, invite.event]) {
      owner.send({ type: 'member-event', planId: plan.planId, event });
      await owner.next('log');
    }
    owner.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    await owner.next('log');
    await owner.next('caught-up');
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1 }) });
    await owner.next('ack');

    const inviteKeys = deriveInviteKeys(sodium, invite.secret);
    const guest = await RelayTestClient.authenticated(relay.wsUrl, sodium, { sign: inviteKeys.sign, box: inviteKeys.box });
    clients.push(guest);
    guest.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    expect((await guest.next('log')).events).toEqual([plan.genesis, invite.event]);
    expect(await guest.silentFor(100)).toBe(true);
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 2 }) });
    await owner.next('ack');
    expect(await guest.silentFor(100)).toBe(true);
    guest.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, guest.device, { clock: 1 }) });
    expect((await guest.next('error')).code).toBe('not-a-member');

    const device = generateDeviceKeys(sodium);
    const joined = createJoin(sodium, invite.state, { secret: invite.secret, device, now: Date.now() });
    guest.send({ type: 'member-event', planId: plan.planId, event: joined.event });
    expect((await guest.next('log')).events).toEqual([joined.event]);
    // Used now: the invite key reads nothing more.
    guest.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    expect((await guest.next('error')).code).toBe('not-a-member');
  });
});
