import { generateDeviceKeys, ready } from '@safeplan/schema/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRelayForThisFile } from '../testing/relay-for-this-file.ts';
import { newTestPlan, RelayTestClient, sealTestEnvelope, type TestPlan } from '../testing/relay-test-client.ts';

const sodium = await ready();
let owner: RelayTestClient;
let plan: TestPlan;

// Every check on a thread, whatever the batch: the path a busy relay takes.
const relay = testRelayForThisFile({ verifyThreads: 2, verifyThreadBatch: 1, limits: { burstFrames: 10_000, framesPerSecond: 10_000 } });

beforeAll(async () => {
  owner = await RelayTestClient.authenticated(relay.wsUrl, sodium);
  plan = newTestPlan(sodium, owner.device);
  owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
  await owner.next('log');
});
afterAll(async () => {
  await owner.close();
});

describe('the relay checks a burst of publishes on its verify threads', () => {
  it('refuses the forged and the foreign envelope alone, and acks the others in clock order', async () => {
    const frames: Uint8Array[] = [];
    for (let clock = 1; clock <= 60; clock++) {
      if (clock === 20) {
        const forged = sealTestEnvelope(sodium, plan, owner.device, { clock });
        forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 1;
        frames.push(forged);
      }
      if (clock === 40) frames.push(sealTestEnvelope(sodium, plan, generateDeviceKeys(sodium), { clock }));
      frames.push(sealTestEnvelope(sodium, plan, owner.device, { clock }));
    }
    // All sent at once: they arrive in a few reads, and each read's checks go out as one batch.
    for (const envelope of frames) owner.send({ type: 'publish', envelope });
    const answers: string[] = [];
    while (answers.length < frames.length) {
      const f = await owner.next();
      answers.push(f.type === 'ack' ? `ack ${f.clock} seq ${f.seq}` : f.type === 'error' ? `error ${f.code}` : f.type);
    }
    const acks = Array.from({ length: 60 }, (_, i) => `ack ${i + 1} seq ${i + 1}`);
    expect(answers.filter((a) => a.startsWith('ack'))).toEqual(acks);
    expect(answers.filter((a) => a.startsWith('error')).sort()).toEqual(['error bad-signature', 'error wrong-author']);
    // The forged copy of clock 20 is refused before the genuine one is acked (frames keep their order).
    expect(answers.indexOf('error bad-signature')).toBeLessThan(answers.indexOf('ack 20 seq 20'));
  });
});
