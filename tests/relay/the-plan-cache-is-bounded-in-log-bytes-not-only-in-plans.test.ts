import { generateDeviceKeys, ready } from '@safeplan/schema/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { newTestPlan, RelayTestClient, sealTestEnvelope, type TestPlan } from '../../server/src/testing/relay-test-client.ts';
import { startRelay, type TestRelay } from '../support/relay.ts';

const sodium = await ready();
let relay: TestRelay | undefined;
const clients: RelayTestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await relay?.close();
  relay = undefined;
});

async function ownerOfNewPlan(r: TestRelay): Promise<{ owner: RelayTestClient; plan: TestPlan }> {
  const owner = await RelayTestClient.authenticated(r.wsUrl, sodium);
  clients.push(owner);
  const plan = newTestPlan(sodium, owner.device);
  owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
  await owner.next('log');
  return { owner, plan };
}

const gauge = async (r: TestRelay, name: string) => Number(new RegExp(`^safeplan_relay_${name} (\\d+)$`, 'm').exec(await (await fetch(`${r.url}/metrics`)).text())?.[1]);

describe('the plan cache is bounded in log bytes, not only in plans', () => {
  it('keeps no more member-log bytes than allowed however few plans that is, and a dropped plan still works', async () => {
    // Room for 10,000 plans, but only for the bytes of three logs of one event (every genesis is as long).
    const bound = newTestPlan(sodium, generateDeviceKeys(sodium)).genesis.length * 3 + 10;
    const r = (relay = await startRelay({ limits: { planCacheSize: 10_000, planCacheBytes: bound } }));
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await ownerOfNewPlan(r));
    expect(await gauge(r, 'plan_cache_entries')).toBe(3);
    expect(await gauge(r, 'plan_cache_bytes')).toBeLessThanOrEqual(bound);
    const { owner, plan } = made[0]!;
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1 }) });
    expect((await owner.next('ack')).clock).toBe(1);
    expect(await gauge(r, 'plan_cache_entries')).toBe(3);
  });
});
