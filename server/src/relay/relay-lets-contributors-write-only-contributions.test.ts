import { ready } from '@safeplan/schema/crypto';
import { verifyEnvelope, type MembershipState, type Role } from '@safeplan/schema/protocol';
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

/** Subscribes from the start and returns the envelopes of the catch-up. */
async function subscribe(c: RelayTestClient, plan: TestPlan): Promise<Uint8Array[]> {
  c.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
  await c.next('log');
  const stored: Uint8Array[] = [];
  for (let f = await c.next(); f.type !== 'caught-up'; f = await c.next()) if (f.type === 'deliver') stored.push(f.envelope);
  return stored;
}

/** A plan whose owner is subscribed, with one member per role asked for, each joined by invite. */
async function planWith(roles: readonly Role[]): Promise<{ owner: RelayTestClient; plan: TestPlan; members: RelayTestClient[] }> {
  const owner = await client();
  const plan = newTestPlan(sodium, owner.device);
  await append(owner, plan, plan.genesis);
  let state: MembershipState = plan.state;
  const members: RelayTestClient[] = [];
  for (const role of roles) {
    const c = await client();
    const joined = inviteAndJoin(sodium, plan, owner.device, c.device, { role, state });
    await append(owner, plan, joined.invite);
    await append(owner, plan, joined.join);
    state = joined.state;
    members.push(c);
  }
  await subscribe(owner, plan);
  return { owner, plan: { ...plan, state }, members };
}

const channelOf = (envelope: Uint8Array) => verifyEnvelope(sodium, envelope).header.channel;

describe('the relay lets contributors write only the contributions channel', () => {
  it("stores and fans out a contributor's contributions update, and refuses their plan updates and snapshots", async () => {
    await start();
    const { owner, plan, members } = await planWith(['contributor']);
    const contributor = members[0]!;
    await subscribe(contributor, plan);

    const logEntry = sealTestEnvelope(sodium, plan, contributor.device, { clock: 1, channel: 'contributions' });
    contributor.send({ type: 'publish', envelope: logEntry });
    expect(await contributor.next('ack')).toMatchObject({ clock: 1 });
    const delivered = await owner.next('deliver');
    expect(delivered.envelope).toEqual(logEntry);
    expect(channelOf(delivered.envelope)).toBe('contributions');

    contributor.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, contributor.device, { clock: 2, channel: 'plan' }) });
    expect(await contributor.next('error')).toMatchObject({ code: 'not-allowed' });
    contributor.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, contributor.device, { clock: 1, kind: 'snapshot', coversUpTo: 1 }) });
    expect(await contributor.next('error')).toMatchObject({ code: 'not-allowed' });
    expect(await owner.silentFor(150)).toBe(true);

    // The refused plan update took no clock: the next contribution is clock 2.
    contributor.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, contributor.device, { clock: 2, channel: 'contributions' }) });
    expect(await contributor.next('ack')).toMatchObject({ clock: 2 });
    expect(channelOf((await owner.next('deliver')).envelope)).toBe('contributions');

    // Stored: a member subscribing later gets both contributions in its catch-up, nothing else.
    const late = await client();
    const joined = inviteAndJoin(sodium, plan, owner.device, late.device, { role: 'reader' });
    await append(owner, plan, joined.invite);
    await append(owner, plan, joined.join);
    const stored = await subscribe(late, plan);
    expect(stored.map((e) => [verifyEnvelope(sodium, e).header.clock, channelOf(e)])).toEqual([
      [1, 'contributions'],
      [2, 'contributions'],
    ]);
    expect(stored[0]).toEqual(logEntry);
  });

  it('refuses a reader on both channels, and lets owners and editors write both', async () => {
    await start();
    const { owner, plan, members } = await planWith(['reader', 'editor']);
    const [reader, editor] = members as [RelayTestClient, RelayTestClient];
    for (const channel of ['plan', 'contributions'] as const) {
      reader.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, reader.device, { clock: 1, channel }) });
      expect({ channel, code: (await reader.next('error')).code }).toEqual({ channel, code: 'not-allowed' });
    }
    let clock = 0;
    for (const writer of [owner, editor]) {
      for (const channel of ['plan', 'contributions'] as const) {
        writer.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, writer.device, { clock: ++clock, channel }) });
        expect(await writer.next('ack')).toMatchObject({ clock });
      }
      clock = 0;
    }
  });

  it('counts one clock per device across both channels', async () => {
    await start();
    const { owner, plan } = await planWith([]);
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1, channel: 'plan' }) });
    expect(await owner.next('ack')).toMatchObject({ clock: 1 });
    // Clock 1 is taken by the plan update: the same clock on the other channel is a replay.
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1, channel: 'contributions' }) });
    expect(await owner.next('error')).toMatchObject({ code: 'replayed' });
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 2, channel: 'contributions' }) });
    expect(await owner.next('ack')).toMatchObject({ clock: 2 });
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 4, channel: 'plan' }) });
    expect(await owner.next('error')).toMatchObject({ code: 'clock-gap', detail: 'expected clock 3' });
  });
});
