import { rmSync } from 'node:fs';
import { ready } from '@safeplan/schema/crypto';
import { createRemoval, encodeUnsignedEvent, finishEvent } from '@safeplan/schema/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createRelay, type RunningRelay } from '../create-relay.ts';
import { silentLogger } from '../log.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';
import type { RelayStore } from '../store/relay-store.ts';
import { newTempDir } from '../testing/temp-dir.ts';
import { inviteAndJoin, newTestPlan, RelayTestClient, sealTestEnvelope } from '../testing/relay-test-client.ts';

const sodium = await ready();

/** A relay on a real SQLite store whose receipt reads are counted (what each cap of an event costs). */
async function relayCountingReceiptReads(): Promise<{ relay: RunningRelay; reads: () => number; close: () => Promise<void> }> {
  const dir = newTempDir('caps-');
  const store = openSqliteStore(dir, { log: silentLogger });
  let reads = 0;
  const counted = Object.create(store) as RelayStore;
  counted.lastReceipt = (...args) => {
    reads++;
    return store.lastReceipt(...args);
  };
  const relay = await createRelay({ port: 0, store: counted, log: silentLogger });
  return {
    relay,
    reads: () => reads,
    close: async () => {
      await relay.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const open: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

describe("a member event's caps are read against the store only once the event validates", () => {
  it('an unsigned event naming 10,000 caps, for a plan or for a made-up plan id, costs no receipt read', async () => {
    const { relay, reads, close } = await relayCountingReceiptReads();
    open.push({ close });
    const owner = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const stranger = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    open.push(owner, stranger);
    const plan = newTestPlan(sodium, owner.device);
    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await owner.next('log');

    // A `set-role` of version 4 with the most caps the decoder takes, none of them a device of the
    // plan, and a signature of zeros: any logged-in key can send it for any plan id.
    const caps = Array.from({ length: 10_000 }, () => ({ device: sodium.randombytes_buf(32), clock: 0 }));
    const unsigned = encodeUnsignedEvent({
      planId: plan.planId,
      prev: plan.state.head,
      signer: stranger.device.sign.publicKey,
      timestamp: Date.now(),
      body: { type: 'set-role', person: owner.device.sign.publicKey, role: 'reader', caps },
    });
    const forged = finishEvent(unsigned, new Uint8Array(64));
    const before = reads();
    stranger.send({ type: 'member-event', planId: plan.planId, event: forged });
    expect(await stranger.next('error')).toMatchObject({ code: 'invalid-event', detail: 'signature does not verify' });
    stranger.send({ type: 'member-event', planId: sodium.randombytes_buf(16), event: forged });
    expect(await stranger.next('error')).toMatchObject({ code: 'invalid-event' });
    expect(reads() - before).toBe(0);
  });

  it('a valid removal capped below a clock the relay stored is still refused as cap-behind', async () => {
    const { relay, close } = await relayCountingReceiptReads();
    open.push({ close });
    const owner = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const member = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    open.push(owner, member);
    const plan = newTestPlan(sodium, owner.device);
    const joined = inviteAndJoin(sodium, plan, owner.device, member.device);
    await owner.appendMemberEvents(plan.planId, [plan.genesis, joined.invite, joined.join]);
    const afterJoin = { ...plan, state: joined.state };
    for (const clock of [1, 2]) {
      member.send({ type: 'publish', envelope: sealTestEnvelope(sodium, afterJoin, member.device, { clock }) });
      await member.next('ack');
    }
    const low = createRemoval(sodium, joined.state, { owner: owner.device, subject: member.device.sign.publicKey, scope: 'person', now: Date.now(), clockOf: () => 1 });
    owner.send({ type: 'member-event', planId: plan.planId, event: low.event });
    expect(await owner.next('error')).toMatchObject({ code: 'stale-head', detail: expect.stringContaining('cap-behind') });
    const right = createRemoval(sodium, joined.state, { owner: owner.device, subject: member.device.sign.publicKey, scope: 'person', now: Date.now(), clockOf: () => 2 });
    owner.send({ type: 'member-event', planId: plan.planId, event: right.event });
    expect(await owner.next('log')).toMatchObject({ events: [right.event] });
  });
});
