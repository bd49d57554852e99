import { ready } from '@safeplan/schema/crypto';
import { createRemoval, type MembershipState } from '@safeplan/schema/protocol';
import { describe, expect, it } from 'vitest';
import { relayPerTest } from '../testing/relay-per-test.ts';
import { inviteAndJoin, newTestPlan, sealTestEnvelope, type RelayTestClient, type TestPlan } from '../testing/relay-test-client.ts';

const sodium = await ready();
const { client, start } = relayPerTest(sodium);

/** Sends a member event and takes the `log` frame that confirms it. */
async function append(c: RelayTestClient, plan: TestPlan, event: Uint8Array): Promise<void> {
  c.send({ type: 'member-event', planId: plan.planId, event });
  expect((await c.next('log')).events).toEqual([event]);
}

/** Subscribes and takes the catch-up (the log, anything stored, caught-up). */
async function subscribe(c: RelayTestClient, plan: TestPlan): Promise<void> {
  c.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
  await c.next('log');
  while ((await c.next()).type !== 'caught-up');
}

describe('the relay enforces removal and roles without reading content', () => {
  it('tells a removed subscriber once, then delivers nothing more to it and refuses its writes', async () => {
    await start();
    const owner = await client();
    const member = await client();
    const plan = newTestPlan(sodium, owner.device);
    await append(owner, plan, plan.genesis);
    const joined = inviteAndJoin(sodium, plan, owner.device, member.device);
    await append(owner, plan, joined.invite);
    await append(owner, plan, joined.join);
    await subscribe(owner, plan);
    await subscribe(member, plan);

    const removal = createRemoval(sodium, joined.state, { owner: owner.device, subject: member.device.sign.publicKey, scope: 'person', now: Date.now() });
    owner.send({ type: 'member-event', planId: plan.planId, event: removal.event });
    expect((await owner.next('log')).events).toEqual([removal.event]);
    // The removed device sees the event that removed it (so it can say so), then a refusal.
    expect((await member.next('log')).events).toEqual([removal.event]);
    expect(await member.next('error')).toMatchObject({ code: 'not-a-member' });

    const next = { ...plan, epochKey: removal.epochKey, state: removal.state };
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, next, owner.device, { clock: 1, epoch: 1 }) });
    expect(await owner.next('ack')).toMatchObject({ clock: 1 });
    expect(await member.silentFor(150)).toBe(true);

    member.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, member.device, { clock: 1, epoch: 0 }) });
    expect(await member.next('error')).toMatchObject({ code: 'not-a-member' });
    // A member still writing under the old epoch is refused with stale-epoch.
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 2, epoch: 0 }) });
    expect(await owner.next('error')).toMatchObject({ code: 'stale-epoch' });
  });

  it('refuses plan writes from readers and contributors, and lets them read', async () => {
    await start();
    const owner = await client();
    const plan = newTestPlan(sodium, owner.device);
    await append(owner, plan, plan.genesis);
    let state: MembershipState = plan.state;
    for (const role of ['reader', 'contributor'] as const) {
      const c = await client();
      const joined = inviteAndJoin(sodium, plan, owner.device, c.device, { role, state });
      await append(owner, plan, joined.invite);
      await append(owner, plan, joined.join);
      state = joined.state;
      await subscribe(c, plan);
      c.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, c.device, { clock: 1 }) });
      expect({ role, error: (await c.next('error')).code }).toEqual({ role, error: 'not-allowed' });
      owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: role === 'reader' ? 1 : 2 }) });
      await owner.next('ack');
      expect((await c.next('deliver')).envelope.length).toBeGreaterThan(0);
    }
  });
});
