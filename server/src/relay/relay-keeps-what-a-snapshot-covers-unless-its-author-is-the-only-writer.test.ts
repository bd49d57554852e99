import { ready } from '@safeplan/schema/crypto';
import type { Role } from '@safeplan/schema/protocol';
import { describe, expect, it } from 'vitest';
import { relayPerTest } from '../testing/relay-per-test.ts';
import { testStoreKinds, type TestStoreKind } from '../testing/relay.ts';
import { inviteAndJoin, newTestPlan, sealTestEnvelope, type RelayTestClient, type TestPlan } from '../testing/relay-test-client.ts';

const sodium = await ready();
const { client, start } = relayPerTest(sodium);

async function append(c: RelayTestClient, plan: TestPlan, event: Uint8Array): Promise<void> {
  c.send({ type: 'member-event', planId: plan.planId, event });
  expect((await c.next('log')).events).toEqual([event]);
}

/** Everything a subscription from seq 0 delivers until caught-up. */
async function fromTheStart(c: RelayTestClient, plan: TestPlan): Promise<Uint8Array[]> {
  c.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
  await c.next('log');
  const out: Uint8Array[] = [];
  for (;;) {
    const f = await c.next();
    if (f.type === 'caught-up') return out;
    if (f.type === 'deliver') out.push(f.envelope);
  }
}

/** An owner and a second person of `role`; the owner writes three updates and a snapshot of them. */
async function planWithSnapshot(role: Role, store: TestStoreKind) {
  await start({ store });
  const owner = await client();
  const other = await client();
  const plan = newTestPlan(sodium, owner.device);
  await append(owner, plan, plan.genesis);
  const joined = inviteAndJoin(sodium, plan, owner.device, other.device, { role });
  await append(owner, plan, joined.invite);
  await append(owner, plan, joined.join);
  const updates = [1, 2, 3].map((clock) => sealTestEnvelope(sodium, plan, owner.device, { clock }));
  for (const envelope of updates) {
    owner.send({ type: 'publish', envelope });
    await owner.next('ack');
  }
  const snapshot = sealTestEnvelope(sodium, plan, owner.device, { clock: 1, kind: 'snapshot', coversUpTo: 3 });
  owner.send({ type: 'publish', envelope: snapshot });
  expect((await owner.next('ack')).seq).toBe(4);
  return { owner, other, plan, updates, snapshot };
}

describe.each(testStoreKinds)('a snapshot on the relay (%s store)', (store) => {
  it('replaces nothing when another person may write: every update stays and is served, the snapshot is not', async () => {
    const { other, plan, updates } = await planWithSnapshot('editor', store);
    expect(await fromTheStart(other, plan)).toEqual(updates);
  });

  it('counts as contributions writers too: a contributor keeps the updates on the relay', async () => {
    const { other, plan, updates } = await planWithSnapshot('contributor', store);
    expect(await fromTheStart(other, plan)).toEqual(updates);
  });

  it('is served, and what it covers pruned, once a writer of another person confirms it; not on its author\'s word', async () => {
    const { owner, other, plan, updates, snapshot } = await planWithSnapshot('editor', store);
    // The author's own second word counts for nothing.
    owner.send({ type: 'confirm-snapshot', planId: plan.planId, seq: 4 });
    expect(await owner.next('error')).toMatchObject({ code: 'not-allowed' });
    expect(await fromTheStart(other, plan)).toEqual(updates);
    // An unknown seq is nothing to confirm.
    other.send({ type: 'confirm-snapshot', planId: plan.planId, seq: 3 });
    expect(await fromTheStart(other, plan)).toEqual(updates);
    other.send({ type: 'confirm-snapshot', planId: plan.planId, seq: 4 });
    expect(await fromTheStart(other, plan)).toEqual([snapshot]);
  });

  it('is not confirmed by a reader', async () => {
    await start({ store });
    const owner = await client();
    const editor = await client();
    const reader = await client();
    const plan = newTestPlan(sodium, owner.device);
    await append(owner, plan, plan.genesis);
    const first = inviteAndJoin(sodium, plan, owner.device, editor.device, { role: 'editor' });
    await append(owner, plan, first.invite);
    await append(owner, plan, first.join);
    const second = inviteAndJoin(sodium, plan, owner.device, reader.device, { role: 'reader', state: first.state });
    await append(owner, plan, second.invite);
    await append(owner, plan, second.join);
    const update = sealTestEnvelope(sodium, plan, owner.device, { clock: 1 });
    owner.send({ type: 'publish', envelope: update });
    await owner.next('ack');
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1, kind: 'snapshot', coversUpTo: 1 }) });
    expect((await owner.next('ack')).seq).toBe(2);
    reader.send({ type: 'confirm-snapshot', planId: plan.planId, seq: 2 });
    expect(await reader.next('error')).toMatchObject({ code: 'not-allowed' });
    expect(await fromTheStart(editor, plan)).toEqual([update]);
  });

  it('is trusted as its author when the author is the only writer: served, and the updates it covers pruned', async () => {
    const { other, plan, snapshot } = await planWithSnapshot('reader', store);
    expect(await fromTheStart(other, plan)).toEqual([snapshot]);
  });
});
