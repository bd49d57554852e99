import { ready, toBase64Url } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import { testRelayForThisFile } from '../testing/relay-for-this-file.ts';
import { testStoreKinds } from '../testing/relay.ts';
import { newTestPlan, RelayTestClient, sealTestEnvelope } from '../testing/relay-test-client.ts';

const sodium = await ready();

/** Everything a subscription delivers until caught-up, as [seq, kind-by-bytes] pairs. */
async function catchUp(c: RelayTestClient, planId: Uint8Array, afterSeq: number) {
  c.send({ type: 'subscribe', planId, afterSeq });
  await c.next('log');
  const delivered: Array<{ seq: number; envelope: Uint8Array }> = [];
  for (;;) {
    const f = await c.next();
    if (f.type === 'caught-up') return { delivered, seq: f.seq };
    if (f.type !== 'deliver') throw new Error(`unexpected ${f.type}`);
    delivered.push({ seq: f.seq, envelope: f.envelope });
  }
}

describe.each(testStoreKinds)('loading a plan is the newest snapshot plus the updates after it (%s store)', (store) => {
  const relay = testRelayForThisFile({ store });
  it('serves the snapshot to a device behind it, only later updates to a device past it, and prunes', async () => {
    const owner = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const plan = newTestPlan(sodium, owner.device);
    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await owner.next('log');
    const updates = [1, 2, 3, 4].map((clock) => sealTestEnvelope(sodium, plan, owner.device, { clock }));
    for (const envelope of updates.slice(0, 3)) {
      owner.send({ type: 'publish', envelope });
      await owner.next('ack');
    }
    const snapshot = sealTestEnvelope(sodium, plan, owner.device, { clock: 1, kind: 'snapshot', coversUpTo: 3 });
    owner.send({ type: 'publish', envelope: snapshot });
    expect((await owner.next('ack')).seq).toBe(4);
    owner.send({ type: 'publish', envelope: updates[3] as Uint8Array });
    expect((await owner.next('ack')).seq).toBe(5);

    const fresh = await catchUp(owner, plan.planId, 0);
    expect(fresh.delivered).toEqual([
      { seq: 4, envelope: snapshot },
      { seq: 5, envelope: updates[3] },
    ]);
    expect(fresh.seq).toBe(5);

    const late = await RelayTestClient.authenticated(relay.wsUrl, sodium, owner.device);
    const past = await catchUp(late, plan.planId, 3);
    expect(past.delivered).toEqual([{ seq: 5, envelope: updates[3] }]);

    const tooFar = sealTestEnvelope(sodium, plan, owner.device, { clock: 2, kind: 'snapshot', coversUpTo: 99 });
    owner.send({ type: 'publish', envelope: tooFar });
    expect((await owner.next('error')).code).toBe('malformed');

    const events = relay.logEvents().filter((e) => e.event === 'envelope.stored');
    expect(events.map((e) => e.plan)).toEqual(Array(5).fill(toBase64Url(plan.planId)));
    await owner.close();
    await late.close();
  });
});
