import { ready, type Sodium } from '@safeplan/schema/crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, type RunningRelay } from '../create-relay.ts';
import { silentLogger } from '../log.ts';
import { newTestPlan, RelayTestClient } from '../testing/relay-test-client.ts';

let sodium: Sodium;
let relay: RunningRelay;
let dataDir: string;

beforeAll(async () => {
  sodium = await ready();
  const tmp = fileURLToPath(new URL('../../../tests/.tmp/', import.meta.url));
  mkdirSync(tmp, { recursive: true });
  dataDir = mkdtempSync(join(tmp, 'relay-flood-'));
  // A slow refill so the test does not depend on timing: the burst is all a flood gets.
  relay = await createRelay({
    port: 0,
    dataDir,
    log: silentLogger,
    limits: { burstFrames: 10, framesPerSecond: 0.01, floodCloseAfter: 50 },
  });
});
afterAll(async () => {
  await relay.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the relay rate-limits a flooding connection', () => {
  it('answers frames past the burst with rate-limited, then closes a connection that keeps going', async () => {
    const flooder = await RelayTestClient.authenticated(relay.wsUrl, sodium); // hello + auth: 2 tokens
    const plan = newTestPlan(sodium, flooder.device);
    for (let i = 0; i < 20; i++) flooder.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) codes.push((await flooder.next('error')).code);
    expect(codes.slice(0, 8)).toEqual(Array(8).fill('unknown-plan'));
    expect(codes.slice(8)).toEqual(Array(12).fill('rate-limited'));

    for (let i = 0; i < 60; i++) flooder.send({ type: 'unsubscribe', planId: plan.planId });
    await expect(async () => {
      for (;;) await flooder.next('error');
    }).rejects.toThrow(/closed/);
  });

  it('leaves other connections unaffected', async () => {
    const flooder = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const calm = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const plan = newTestPlan(sodium, calm.device);
    for (let i = 0; i < 30; i++) flooder.send({ type: 'unsubscribe', planId: plan.planId });
    calm.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    expect((await calm.next('log')).events).toEqual([plan.genesis]);
    await flooder.close();
    await calm.close();
  });
});
