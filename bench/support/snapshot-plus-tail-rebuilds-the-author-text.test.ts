import { afterAll, beforeAll, expect, test } from 'vitest';
import { ready, type Sodium } from '@safeplan/schema/crypto';
import { loadTrace } from '../trace.ts';
import { startChildRelay, type ChildRelay } from './child-relay.ts';
import { PlanReader } from './reader.ts';
import { BenchClient, createSharedPlan } from './relay-client.ts';
import { publishUpdates, traceSource } from './trace-publisher.ts';

let s: Sodium;
let relay: ChildRelay;
beforeAll(async () => {
  s = await ready();
  relay = await startChildRelay('safeplan', { limits: { framesPerSecond: 1e9, burstFrames: 1e9 } });
});
afterAll(() => relay?.stop());

test('a device that was offline gets the newest snapshot plus the later updates, passes every client check, and has the author text', async () => {
  const plan = await createSharedPlan(s, relay.url(), 2);
  const [aKeys, bKeys] = plan.members as [(typeof plan.members)[0], (typeof plan.members)[0]];
  const a = await BenchClient.open(relay.url(), s, aKeys);
  await a.subscribe(plan.planId);
  // 450 edits with a snapshot every 200, each confirmed by B's other device (a plan with two
  // writers): the relay keeps the second one and prunes what it covers.
  const source = traceSource(loadTrace().edits.slice(0, 450));
  const confirmer = await BenchClient.open(relay.url(), s, bKeys);
  const { snapshots } = await publishUpdates(s, a, plan, source, { window: 32, snapshotEvery: 200, confirmWith: confirmer });
  await a.close();
  await confirmer.subscribe(plan.planId); // after the confirmations in the plan's queue
  await confirmer.close();
  expect(snapshots).toBe(2);

  const reader = new PlanReader(s, plan);
  let deliveries = 0;
  const b = await BenchClient.open(relay.url(), s, bKeys);
  b.onFrame = (frame) => {
    if (frame.type !== 'deliver') return;
    reader.apply(frame.envelope);
    deliveries++;
  };
  await b.subscribe(plan.planId);
  await b.close();
  // The snapshot covering the first 400 edits, then the 50 after it.
  expect(deliveries).toBe(1 + 50);
  expect(reader.doc.getText('text').toString()).toBe(source.author.text.toString());

  const stored = await relay.storedBytes(Buffer.from(plan.planId).toString('base64url'));
  expect(stored.snapshot).toBeGreaterThan(0);
  expect(stored.envelopes).toBeGreaterThan(0);
});
