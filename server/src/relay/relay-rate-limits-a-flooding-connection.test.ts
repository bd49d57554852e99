import { ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import { testRelayForThisFile } from '../testing/relay-for-this-file.ts';
import { newTestPlan, RelayTestClient } from '../testing/relay-test-client.ts';

const sodium = await ready();
// A slow refill so the test does not depend on timing: the burst is all a flood gets.
const relay = testRelayForThisFile({ limits: { burstFrames: 10, framesPerSecond: 0.01, floodCloseAfter: 50 } });

describe('the relay rate-limits a flooding connection', () => {
  it('answers frames past the burst with rate-limited, then closes a connection that keeps going', async () => {
    const flooder = await RelayTestClient.authenticated(relay.wsUrl, sodium); // hello + auth: 2 tokens
    const plan = newTestPlan(sodium, flooder.device);
    for (let i = 0; i < 20; i++) flooder.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) codes.push((await flooder.next('error')).code);
    expect(codes.slice(0, 8)).toEqual(Array(8).fill('not-a-member'));
    expect(codes.slice(8)).toEqual(Array(12).fill('rate-limited'));

    for (let i = 0; i < 60; i++) flooder.send({ type: 'unsubscribe', planId: plan.planId });
    // Every frame refused before the flood limit (50 in the window, 12 of them above; the 50th
    // gets the close) is answered, and the close says why (1008, not a dropped line).
    const answered: string[] = [];
    await expect(async () => {
      for (;;) answered.push((await flooder.next('error')).code);
    }).rejects.toThrow(/closed/);
    expect(answered).toEqual(Array(37).fill('rate-limited'));
    expect(await flooder.closedWith()).toBe(1008);
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
